namespace Tdlab.Probes.MeanField;

/// <summary>
/// Gauss-Hermite quadrature for the standard Gaussian measure Dh = e^{-h^2/2} / sqrt(2 pi) dh:
/// integral f(h) Dh ~= sum_i w_i f(x_i), exact for polynomials of degree &lt; 2n.
/// Nodes are the roots of the physicists' Hermite polynomial H_n found by Newton's method on the
/// orthonormal three-term recurrence (Numerical Recipes 3rd ed., section 4.6, <c>gauher</c>), then
/// mapped x = sqrt(2) t, w = w_t / sqrt(pi). Cost: O(n^2) once per rule.
/// </summary>
public sealed class GaussHermite
{
    private static readonly Dictionary<int, GaussHermite> Cache = [];

    private GaussHermite(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>The default rule size of the mean-field probes (exact to degree 159; ample for tanh at q &lt;= 100).</summary>
    public const int DefaultPoints = 80;

    /// <summary>Nodes x_i, ascending.</summary>
    public double[] Nodes { get; }

    /// <summary>Weights w_i (they sum to 1).</summary>
    public double[] Weights { get; }

    /// <summary>The n-point rule for the standard Gaussian measure (cached; thread-safe).</summary>
    public static GaussHermite Standard(int n = DefaultPoints)
    {
        if (n < 1 || n > 400) throw new ArgumentOutOfRangeException(nameof(n), n, "GaussHermite.Standard: n must be in 1..400");
        lock (Cache)
        {
            if (!Cache.TryGetValue(n, out var rule)) Cache[n] = rule = Build(n);
            return rule;
        }
    }

    /// <summary>E f(h) for h ~ N(0, 1): sum_i w_i f(x_i).</summary>
    public double Expect(Func<double, double> f)
    {
        double sum = 0;
        for (int i = 0; i < Nodes.Length; i++) sum += Weights[i] * f(Nodes[i]);
        return sum;
    }

    private static GaussHermite Build(int n)
    {
        const double PiM4 = 0.7511255444649425;   // pi^{-1/4}
        var t = new double[n];
        var w = new double[n];
        int m = (n + 1) / 2;
        double z = 0;
        for (int i = 0; i < m; i++)
        {
            // Initial guesses for the largest roots first (Numerical Recipes), then Newton on the recurrence
            // p_j = z sqrt(2/j) p_{j-1} - sqrt((j-1)/j) p_{j-2} (orthonormal Hermite functions without the weight).
            z = i switch
            {
                0 => Math.Sqrt(2.0 * n + 1) - 1.85575 * Math.Pow(2.0 * n + 1, -0.16667),
                1 => z - 1.14 * Math.Pow(n, 0.426) / z,
                2 => 1.86 * z - 0.86 * t[0],
                3 => 1.91 * z - 0.91 * t[1],
                _ => 2.0 * z - t[i - 2],
            };
            double pp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double p1 = PiM4, p2 = 0;
                for (int j = 0; j < n; j++)
                {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * Math.Sqrt(2.0 / (j + 1)) * p2 - Math.Sqrt((double)j / (j + 1)) * p3;
                }

                pp = Math.Sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.Abs(z - z1) <= 1e-15 * Math.Max(1, Math.Abs(z))) break;
            }

            t[i] = z;
            t[n - 1 - i] = -z;
            w[i] = w[n - 1 - i] = 2.0 / (pp * pp);
        }

        // Physicists' rule (weight e^{-t^2}) -> standard normal: x = sqrt(2) t, w / sqrt(pi); ascending order.
        var nodes = new double[n];
        var weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            nodes[i] = Math.Sqrt(2.0) * t[n - 1 - i];
            weights[i] = w[n - 1 - i] / Math.Sqrt(Math.PI);
            total += weights[i];
        }

        if (Math.Abs(total - 1) > 1e-10) throw new InvalidOperationException($"GaussHermite: weights of the {n}-point rule sum to {total}");
        return new GaussHermite(nodes, weights);
    }
}

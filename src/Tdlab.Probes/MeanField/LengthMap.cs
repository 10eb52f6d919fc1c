namespace Tdlab.Probes.MeanField;

/// <summary>
/// The mean-field length map of a wide random network h_l = W_l phi(h_{l-1}) + b_l with W_ij ~ N(0, sigma_w^2 / n),
/// b_i ~ N(0, sigma_b^2) (Poole et al. 2016; Schoenholz et al. 2017; seed 004 section 2.2):
/// q_l = sigma_w^2 integral phi(sqrt(q_{l-1}) h)^2 Dh + sigma_b^2, the pre-activation second moment per layer,
/// and its stable fixed point q*. Integrals by <see cref="GaussHermite"/> quadrature.
/// </summary>
public static class LengthMap
{
    /// <summary>One step of the map: sigma_w^2 E[phi(sqrt(q) h)^2] + sigma_b^2.</summary>
    public static double Next(MeanFieldActivation phi, double q, double sigmaW2, double sigmaB2, GaussHermite? rule = null)
    {
        Check(q, sigmaW2, sigmaB2, "LengthMap.Next");
        double s = Math.Sqrt(q);
        return sigmaW2 * (rule ?? GaussHermite.Standard()).Expect(h => { double y = phi.Phi(s * h); return y * y; }) + sigmaB2;
    }

    /// <summary>q_0 (given), q_1, ..., q_layers: the map iterated <paramref name="layers"/> times.</summary>
    public static double[] Iterate(MeanFieldActivation phi, double q0, double sigmaW2, double sigmaB2, int layers, GaussHermite? rule = null)
    {
        if (layers < 0) throw new ArgumentOutOfRangeException(nameof(layers), layers, "LengthMap.Iterate: layers must be >= 0");
        var q = new double[layers + 1];
        q[0] = q0;
        for (int l = 1; l <= layers; l++) q[l] = Next(phi, q[l - 1], sigmaW2, sigmaB2, rule);
        return q;
    }

    /// <summary>
    /// The stable fixed point q* = Next(q*) of a bounded activation, by bisection on g(q) = Next(q) - q to
    /// machine precision. With sigma_b^2 = 0 and sigma_w^2 phi'(0)^2 &lt;= 1 the only fixed point is q* = 0;
    /// otherwise g &gt; 0 just above 0 and g &lt; 0 at sigma_w^2 sup phi^2 + sigma_b^2 + 1, and the largest root
    /// is returned (for tanh the root is unique on (0, inf)).
    /// </summary>
    public static double FixedPoint(MeanFieldActivation phi, double sigmaW2, double sigmaB2, GaussHermite? rule = null)
    {
        Check(1, sigmaW2, sigmaB2, "LengthMap.FixedPoint");
        if (!phi.Bounded) throw new ArgumentException($"LengthMap.FixedPoint: activation '{phi.Name}' is unbounded; its length map has no finite stable fixed point in general", nameof(phi));
        double slope0 = sigmaW2 * phi.Derivative(0) * phi.Derivative(0);
        if (sigmaB2 == 0 && slope0 <= 1) return 0;
        double G(double q) => Next(phi, q, sigmaW2, sigmaB2, rule) - q;
        double lo = sigmaB2 > 0 ? 0 : 1e-300, hi = 1;
        while (G(hi) > 0)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e12) throw new InvalidOperationException($"LengthMap.FixedPoint: no fixed point below 1e12 for {phi.Name}, sigma_w^2 = {sigmaW2}, sigma_b^2 = {sigmaB2}");
        }

        // Bisection in the geometric mean first when lo is tiny (the root may be very small near sigma_w^2 = 1).
        for (int i = 0; i < 400 && hi - lo > 1e-15 * hi; i++)
        {
            double mid = lo > 0 && hi / lo > 4 ? Math.Sqrt(lo * hi) : 0.5 * (lo + hi);
            if (G(mid) > 0) lo = mid;
            else hi = mid;
        }

        return 0.5 * (lo + hi);
    }

    internal static void Check(double q, double sigmaW2, double sigmaB2, string op)
    {
        if (!(q >= 0) || !double.IsFinite(q)) throw new ArgumentOutOfRangeException(nameof(q), q, $"{op}: q must be finite and >= 0");
        if (!(sigmaW2 >= 0) || !double.IsFinite(sigmaW2)) throw new ArgumentOutOfRangeException(nameof(sigmaW2), sigmaW2, $"{op}: sigma_w^2 must be finite and >= 0");
        if (!(sigmaB2 >= 0) || !double.IsFinite(sigmaB2)) throw new ArgumentOutOfRangeException(nameof(sigmaB2), sigmaB2, $"{op}: sigma_b^2 must be finite and >= 0");
    }
}

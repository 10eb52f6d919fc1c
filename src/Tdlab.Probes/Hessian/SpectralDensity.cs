using System.Diagnostics;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Hessian;

/// <summary>
/// The spectral density phi(t) = (1/n) sum_i delta(t - lambda_i) of a symmetric operator by stochastic Lanczos
/// quadrature (Ghorbani, Krishnan and Xiao 2019, section 3; Lin, Saad and Yang 2016): for each of V Rademacher
/// starts v (normalised, q_0 = v / sqrt(n)), m Lanczos steps give T with eigenpairs (theta_i, y_i), and
/// q_0^T f(A) q_0 ~ sum_i tau_i f(theta_i) with tau_i = (y_i)_1^2, exact for polynomials of degree &lt; 2m. Since
/// E[q_0^T f(A) q_0] = tr f(A) / n, the estimate of phi is the average of the V quadratures, smoothed for display by
/// a Gaussian of width sigma. Nodes[v] and Weights[v] are the quadrature of start v (weights sum to 1).
/// Cost: V m products, O(V n m^2) flops of reorthogonalisation.
/// </summary>
public sealed record SpectralDensity(double[][] Nodes, double[][] Weights, int Dimension, long Products, double Seconds)
{
    /// <summary>V starts of m Lanczos steps each (m at most n; fewer for a start whose Krylov space is invariant).</summary>
    public static SpectralDensity Estimate(ISymmetricOperator op, Rng rng, int vectors = 10, int steps = 80)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(vectors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var clock = Stopwatch.StartNew();
        int n = op.Dimension;
        var nodes = new double[vectors][];
        var weights = new double[vectors][];
        var start = new double[n];
        long products = 0;
        for (int v = 0; v < vectors; v++)
        {
            HutchinsonTrace.Rademacher(rng, start);
            var tri = Lanczos.Tridiagonalize(op.Apply, start, steps);
            products += tri.Steps;
            (nodes[v], weights[v]) = tri.Quadrature();
        }

        return new SpectralDensity(nodes, weights, n, products, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The k-th moment of the quadrature, (1/V) sum_v sum_i tau_vi theta_vi^k: an estimate of tr(A^k) / n.</summary>
    public double Moment(int k) => PerStartMoments(k).Average();

    /// <summary>The standard error of <see cref="Moment"/> over the V starts (sample sd / sqrt V).</summary>
    public double MomentStandardError(int k)
    {
        var m = PerStartMoments(k);
        if (m.Length < 2) return double.PositiveInfinity;
        double mean = m.Average();
        return Math.Sqrt(m.Sum(x => (x - mean) * (x - mean)) / (m.Length - 1) / m.Length);
    }

    /// <summary>sum_i tau_vi theta_vi^k for each start v: q_0^T A^k q_0 exactly when k &lt; 2m.</summary>
    public double[] PerStartMoments(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var m = new double[Nodes.Length];
        for (int v = 0; v < m.Length; v++)
            for (int i = 0; i < Nodes[v].Length; i++) m[v] += Weights[v][i] * Math.Pow(Nodes[v][i], k);
        return m;
    }

    /// <summary>
    /// The smoothed density (1/V) sum_v sum_i tau_vi N(t; theta_vi, sigma^2) at each point t of grid (it integrates to 1;
    /// its mean is Moment(1) and its second moment Moment(2) + sigma^2).
    /// </summary>
    public double[] Density(ReadOnlySpan<double> grid, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "SpectralDensity: sigma must be positive");
        var phi = new double[grid.Length];
        double norm = 1 / (Nodes.Length * sigma * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double sum = 0;
            for (int v = 0; v < Nodes.Length; v++)
                for (int i = 0; i < Nodes[v].Length; i++)
                {
                    double u = (grid[g] - Nodes[v][i]) / sigma;
                    sum += Weights[v][i] * Math.Exp(-0.5 * u * u);
                }

            phi[g] = sum * norm;
        }

        return phi;
    }
}

using System.Diagnostics;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Hessian;

/// <summary>
/// The k algebraically largest eigenpairs of a symmetric operator (the Hessian's top eigenvalues, its sharpness)
/// by Lanczos with full reorthogonalisation (<see cref="Lanczos.TopEigenvalues"/>), stopped when every Ritz
/// residual bound is at most tolerance * ||T||, optionally warm-started from a previous estimate (tracking the
/// sharpness along training: Cohen et al. 2021 warm-start their Lanczos the same way). Each pair comes with its
/// true residual ||A x - theta x|| from one extra product. Cost: s + k products (s Lanczos steps, at most
/// maxIterations), O(n s^2) flops of reorthogonalisation and O(n s) memory.
/// </summary>
public static class TopEigenpairs
{
    /// <summary>
    /// The top k eigenpairs of op. maxIterations defaults to min(n, max(2k + 40, 3k)) (then exact when it reaches n);
    /// tolerance 0 runs all maxIterations steps. warmStart (n), when given, replaces the random start
    /// (<see cref="Eigenpairs.WarmStart"/> of the previous estimate).
    /// </summary>
    public static Eigenpairs Estimate(ISymmetricOperator op, int k, Rng rng, int maxIterations = 0, double tolerance = 1e-10,
        double[]? warmStart = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var clock = Stopwatch.StartNew();
        int n = op.Dimension;
        var ritz = Lanczos.TopEigenvalues(op.Apply, n, k, rng, maxIterations, computeVectors: true, warmStart, tolerance);
        var vectors = new double[k][];
        var residuals = new double[k];
        var ax = new double[n];
        for (int j = 0; j < k; j++)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++) x[i] = ritz.Vectors![i * k + j];
            vectors[j] = x;
            op.Apply(x, ax);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double r = ax[i] - ritz.Values[j] * x[i];                  // A x - theta x
                sum += r * r;
            }

            residuals[j] = Math.Sqrt(sum);
        }

        return new Eigenpairs(ritz.Values, vectors, residuals, ritz.Steps, ritz.Steps + k, clock.Elapsed.TotalSeconds);
    }
}

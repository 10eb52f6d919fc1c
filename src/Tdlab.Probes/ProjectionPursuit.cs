using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes;

/// <summary>
/// The most non-Gaussian one-dimensional projection of a sample, by projection pursuit on the excess kurtosis (the
/// kurtosis fixed point of Hyvärinen and Oja's FastICA, 1997). The sample X (n draws of dimension d, row-major n x d) is
/// centred and whitened by its own covariance, Z = (X - mean) V Λ^(-1/2) with C = V Λ Vᵀ (directions with
/// λ ≤ 1e-12 λ_max dropped), so that every unit w gives a projection y = Z w of mean 0 and variance exactly 1. From
/// <c>starts</c> random unit w the iteration w ← (1/n) Zᵀ (Z w)³ − 3 w, w ← w / ‖w‖ climbs to a local extremum of
/// κ(w) = (1/n) Σ y⁴ − 3; the result is the largest |κ| found. κ is affine invariant (any covariance gives the same
/// value), 0 in every direction for a Gaussian in expectation, −2 for a ±1 coordinate and +3 for a Laplace one; a finite
/// Gaussian sample gives a positive maximum of order sqrt(24 d / n), so the value is read against Gaussian draws of
/// the same n and d (seed 004 section 3.4.1 and its Figure 5, which uses Blanchard et al. 2006's NGCA for the same question).
/// </summary>
public static class ProjectionPursuit
{
    /// <summary>Relative eigenvalue below which a direction of the sample covariance is dropped before whitening.</summary>
    public const double RankTolerance = 1e-12;

    /// <summary>The pursuit on a row-major n x d sample; <paramref name="rng"/> draws the starting directions.</summary>
    public static PursuitResult MostNonGaussian(ReadOnlySpan<double> x, int n, int d, Rng rng, int starts = 10, int iterations = 200, double tolerance = 1e-12)
    {
        if (x.Length != (long)n * d) throw new ArgumentException($"ProjectionPursuit: {x.Length} values are not {n} x {d}");
        if (n < 2 || d < 1) throw new ArgumentException("ProjectionPursuit needs at least 2 draws of dimension 1");
        if (starts < 1) throw new ArgumentOutOfRangeException(nameof(starts));
        var z = Whiten(x, n, d, out int rank);
        var y = new double[n];
        var next = new double[rank];
        var best = new PursuitResult(0, new double[n], new double[rank], 0);
        for (int s = 0; s < starts; s++)
        {
            var w = new double[rank];
            rng.Normal<double>(w, 0, 1);
            Normalise(w);
            int it = 0;
            for (; it < iterations; it++)
            {
                Project(z, w, y);
                // next = (1/n) Z^T y^3 - 3 w
                Array.Clear(next);
                for (int i = 0; i < n; i++)
                {
                    double c = y[i] * y[i] * y[i] / n;
                    var row = z.AsSpan(i * rank, rank);
                    for (int j = 0; j < rank; j++) next[j] += c * row[j];
                }

                for (int j = 0; j < rank; j++) next[j] -= 3 * w[j];
                if (!Normalise(next)) break;
                double cos = Math.Abs(Dot(next, w));
                next.CopyTo(w, 0);
                if (1 - cos < tolerance) break;
            }

            Project(z, w, y);
            double kappa = y.Sum(v => v * v * v * v) / n - 3;
            if (Math.Abs(kappa) > Math.Abs(best.ExcessKurtosis) || s == 0)
                best = new PursuitResult(kappa, (double[])y.Clone(), (double[])w.Clone(), it);
        }

        return best;
    }

    /// <summary>Excess kurtosis (1/n) Σ ((v - mean)/sd)⁴ − 3 of a sample (sd with 1/n).</summary>
    public static double ExcessKurtosis(ReadOnlySpan<double> v)
    {
        double mean = 0;
        foreach (double a in v) mean += a;
        mean /= v.Length;
        double m2 = 0, m4 = 0;
        foreach (double a in v)
        {
            double c = (a - mean) * (a - mean);
            m2 += c;
            m4 += c * c;
        }

        m2 /= v.Length;
        m4 /= v.Length;
        return m4 / (m2 * m2) - 3;
    }

    /// <summary>Z = (X − mean) V Λ^(-1/2) over the kept directions (n x rank, row-major); C = (1/n) Xcᵀ Xc by the engine's GEMM.</summary>
    private static double[] Whiten(ReadOnlySpan<double> x, int n, int d, out int rank)
    {
        var centred = new double[n * d];
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) centred[i * d + j] = x[i * d + j] - mean[j];
        var xc = Tensor.From(centred, n, d);
        var cov = xc.MatMul(xc, transA: true).Span.ToArray();
        for (int k = 0; k < cov.Length; k++) cov[k] /= n;
        var eig = SymmetricEigen.Decompose(cov, d);
        double top = eig.Values.Max();
        var keep = Enumerable.Range(0, d).Where(j => eig.Values[j] > RankTolerance * top).ToArray();
        rank = keep.Length;
        var map = new double[d * rank];                              // V Λ^(-1/2), d x rank
        for (int c = 0; c < rank; c++)
        {
            var v = eig.Vector(keep[c]);
            double f = 1 / Math.Sqrt(eig.Values[keep[c]]);
            for (int j = 0; j < d; j++) map[j * rank + c] = v[j] * f;
        }

        return xc.MatMul(Tensor.From(map, d, rank)).Span.ToArray();
    }

    private static void Project(double[] z, double[] w, double[] y)
    {
        int rank = w.Length;
        for (int i = 0; i < y.Length; i++) y[i] = Dot(z.AsSpan(i * rank, rank), w);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static bool Normalise(double[] w)
    {
        double norm = Math.Sqrt(Dot(w, w));
        if (!(norm > 0) || !double.IsFinite(norm)) return false;
        for (int j = 0; j < w.Length; j++) w[j] /= norm;
        return true;
    }
}

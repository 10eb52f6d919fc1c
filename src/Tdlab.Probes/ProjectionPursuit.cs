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
/// value), 0 in every direction for a Gaussian in expectation, −2 for a ±1 coordinate and +3 for a Laplace one.
/// In-sample, the maximum overfits: the direction through the single most outlying draw z_i alone gives κ ≈ |z_i|⁴ / n,
/// and |z_i|² ≈ d + a few sqrt(2d), so a Gaussian sample of 10,000 x 400 already reaches κ ≈ 25. <see cref="HeldOut"/>
/// therefore fits w on a random half and measures κ on the other half, where a Gaussian gives κ = 0 ± sqrt(24 / (n/2))
/// whatever w is (seed 004 section 3.4.1 and its Figure 5, which uses Blanchard et al. 2006's NGCA for the same question).
/// </summary>
public static class ProjectionPursuit
{
    /// <summary>Relative eigenvalue below which a direction of the sample covariance is dropped before whitening.</summary>
    public const double RankTolerance = 1e-12;

    /// <summary>A start has converged when 1 − |⟨w_new, w⟩| falls below this.</summary>
    public const double ConvergenceTolerance = 1e-12;

    /// <summary>The pursuit on a row-major n x d sample; <paramref name="rng"/> draws the starting directions.</summary>
    public static PursuitResult MostNonGaussian(ReadOnlySpan<double> x, int n, int d, Rng rng, int starts = 10, int iterations = 200, double tolerance = ConvergenceTolerance)
    {
        if (x.Length != (long)n * d) throw new ArgumentException($"ProjectionPursuit: {x.Length} values are not {n} x {d}");
        if (n < 2 || d < 1) throw new ArgumentException("ProjectionPursuit needs at least 2 draws of dimension 1");
        if (starts < 1) throw new ArgumentOutOfRangeException(nameof(starts));
        var whitening = Whitening.Of(x, n, d);
        return whitening is null
            ? new PursuitResult(double.NaN, new double[n], [], 0)
            : Pursue(whitening.Apply(x, n), n, whitening.Rank, rng, starts, iterations, tolerance);
    }

    /// <summary>The kurtosis fixed point from <paramref name="starts"/> random unit directions on whitened draws z (n x rank).</summary>
    private static PursuitResult Pursue(double[] z, int n, int rank, Rng rng, int starts, int iterations, double tolerance)
    {
        var y = new double[n];
        var next = new double[rank];
        PursuitResult? best = null;
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
            if (best is null || Math.Abs(kappa) > Math.Abs(best.ExcessKurtosis))
                best = new PursuitResult(kappa, (double[])y.Clone(), (double[])w.Clone(), it);
        }

        return best!;
    }

    /// <summary>
    /// The pursuit fitted on a random half of the draws (<paramref name="rng"/> picks it; whitening and direction from that
    /// half only) and measured on the other half: the held-out projection, standardised, and its excess kurtosis. A
    /// direction found by chasing one outlier carries no excess kurtosis to new draws; a genuinely non-Gaussian one does.
    /// NaN when the sample has no variance or is not finite.
    /// </summary>
    public static HeldOutPursuit HeldOut(ReadOnlySpan<double> x, int n, int d, Rng rng, int starts = 10, int iterations = 200)
    {
        if (x.Length != (long)n * d) throw new ArgumentException($"ProjectionPursuit: {x.Length} values are not {n} x {d}");
        if (n < 4) throw new ArgumentException("ProjectionPursuit.HeldOut needs at least 4 draws");
        var order = rng.Child("halves").Permutation(n);
        int fitCount = n / 2, testCount = n - fitCount;
        double[] fit = new double[fitCount * d], test = new double[testCount * d];
        for (int i = 0; i < n; i++)
            x.Slice(order[i] * d, d).CopyTo(i < fitCount ? fit.AsSpan(i * d, d) : test.AsSpan((i - fitCount) * d, d));
        var whitening = Whitening.Of(fit, fitCount, d);
        if (whitening is null) return new HeldOutPursuit(double.NaN, double.NaN, []);
        var found = Pursue(whitening.Apply(fit, fitCount), fitCount, whitening.Rank, rng.Child("starts"), starts, iterations, ConvergenceTolerance);
        if (!double.IsFinite(found.ExcessKurtosis)) return new HeldOutPursuit(found.ExcessKurtosis, double.NaN, []);
        var y = new double[testCount];
        Project(whitening.Apply(test, testCount), found.Direction, y);
        double kappa = ExcessKurtosis(y);
        double mean = y.Average(), sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / testCount);
        return new HeldOutPursuit(found.ExcessKurtosis, kappa, y.Select(v => (v - mean) / sd).ToArray());
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

    /// <summary>
    /// The centring and whitening map of a sample: x ↦ (x − mean) V Λ^(-1/2) over the kept directions (rank of them), with
    /// C = (1/n) Xcᵀ Xc = V Λ Vᵀ computed by the engine's GEMM.
    /// </summary>
    private sealed class Whitening
    {
        private readonly double[] _mean;
        private readonly Tensor<double> _map;                       // d x rank

        private Whitening(double[] mean, Tensor<double> map, int rank)
        {
            _mean = mean;
            _map = map;
            Rank = rank;
        }

        public int Rank { get; }

        /// <summary>The map of a row-major n x d sample; null when no direction has variance or the sample is not finite.</summary>
        public static Whitening? Of(ReadOnlySpan<double> x, int n, int d)
        {
            var mean = new double[d];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
            for (int j = 0; j < d; j++) mean[j] /= n;
            var xc = Centred(x, n, mean);
            var cov = xc.MatMul(xc, transA: true).Span.ToArray();
            for (int k = 0; k < cov.Length; k++) cov[k] /= n;
            if (!cov.All(double.IsFinite)) return null;
            var eig = SymmetricEigen.Decompose(cov, d);
            double top = eig.Values.Max();
            if (!(top > 0)) return null;
            var keep = Enumerable.Range(0, d).Where(j => eig.Values[j] > RankTolerance * top).ToArray();
            var map = new double[d * keep.Length];
            for (int c = 0; c < keep.Length; c++)
            {
                var v = eig.Vector(keep[c]);
                double f = 1 / Math.Sqrt(eig.Values[keep[c]]);
                for (int j = 0; j < d; j++) map[j * keep.Length + c] = v[j] * f;
            }

            return new Whitening(mean, Tensor.From(map, d, keep.Length), keep.Length);
        }

        /// <summary>Z (n x rank, row-major) of a sample of the same dimension.</summary>
        public double[] Apply(ReadOnlySpan<double> x, int n) => Centred(x, n, _mean).MatMul(_map).Span.ToArray();

        private static Tensor<double> Centred(ReadOnlySpan<double> x, int n, double[] mean)
        {
            int d = mean.Length;
            var centred = new double[n * d];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) centred[i * d + j] = x[i * d + j] - mean[j];
            return Tensor.From(centred, n, d);
        }
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

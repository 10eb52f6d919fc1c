using System.Numerics;
using Tdlab.Tensors.Random;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Power iteration, matrix-free: v &lt;- A v / ||A v|| converges to the eigenvector of the
/// largest-magnitude eigenvalue at the rate |lambda_2 / lambda_1| per step (Golub and Van Loan,
/// "Matrix Computations", 4th ed., section 7.3.1). Cost: one operator application and O(n) work per iteration.
/// </summary>
public static class PowerIteration
{
    /// <summary>
    /// The largest-magnitude eigenvalue of the symmetric operator apply(x, y): y = A x, with its unit
    /// eigenvector, from a random unit start drawn from rng. Stops when ||A v - lambda v|| &lt;=
    /// tolerance |lambda|. Does not converge when -lambda is also an eigenvalue (Converged is then false).
    /// </summary>
    public static Eigenpair TopEigenpair(Action<ReadOnlySpan<double>, Span<double>> apply, int n, Rng rng,
        int maxIterations = 1000, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var v = Matrices.RandomUnit(rng, n);
        var w = new double[n];
        var residual = new double[n];
        double lambda = 0;
        for (int it = 1; it <= maxIterations; it++)
        {
            apply(v, w);
            lambda = Matrices.Dot(v, w);                       // Rayleigh quotient v^T A v
            w.CopyTo(residual, 0);
            Matrices.SubtractScaled(residual, lambda, v);      // A v - lambda v
            double r = Matrices.Norm(residual);
            if (!double.IsFinite(r)) return new Eigenpair(lambda, v, it, false);
            if (r <= tolerance * Math.Abs(lambda)) return new Eigenpair(lambda, v, it, true);
            if (it == maxIterations) break;
            if (Matrices.Normalize(w) == 0) return new Eigenpair(0, v, it, true);  // A v = 0 exactly
            (v, w) = (w, v);
        }

        return new Eigenpair(lambda, v, maxIterations, false);
    }

    /// <summary>
    /// The largest singular value ||A||_2 of the (m, n) matrix a, with its singular vectors, by power
    /// iteration on A^T A from a random unit v: u = A v / ||A v||, v = A^T u / ||A^T u||.
    /// Cost: 4 m n flops per iteration.
    /// </summary>
    public static SingularTriplet SpectralNorm(ReadOnlySpan<double> a, int m, int n, Rng rng,
        int maxIterations = 1000, double tolerance = 1e-10)
    {
        Matrices.Check("PowerIteration.SpectralNorm", nameof(a), a.Length, m, n);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var v = Matrices.RandomUnit(rng, n);
        var u = new double[m];
        var z = new double[n];
        double sigma = 0;
        for (int it = 1; it <= maxIterations; it++)
        {
            Matrices.Multiply(a, m, n, v, u);
            sigma = Matrices.Normalize(u);                     // sigma = ||A v||, u = A v / sigma
            if (sigma == 0) return new SingularTriplet(0, u, v, it, true);
            Matrices.MultiplyTransposed(a, m, n, u, z);        // A^T u
            var residual = z.ToArray();
            Matrices.SubtractScaled(residual, sigma, v);       // A^T u - sigma v
            double r = Matrices.Norm(residual);
            if (!double.IsFinite(r)) return new SingularTriplet(sigma, u, v, it, false);
            if (r <= tolerance * sigma) return new SingularTriplet(sigma, u, v, it, true);
            if (it == maxIterations) break;
            Matrices.Normalize(z);
            (v, z) = (z, v);
        }

        return new SingularTriplet(sigma, u, v, maxIterations, false);
    }

    /// <summary>The spectral norm of a float matrix, computed in double.</summary>
    public static SingularTriplet SpectralNorm(ReadOnlySpan<float> a, int m, int n, Rng rng,
        int maxIterations = 1000, double tolerance = 1e-10) =>
        SpectralNorm(Matrices.ToDouble(a), m, n, rng, maxIterations, tolerance);

    /// <summary>
    /// The spectral-normalisation update of Miyato et al. 2018 ("Spectral Normalization for GANs",
    /// algorithm 1), carrying u across training steps: per iteration v = A^T u / ||A^T u||,
    /// u = A v / ||A v||; returns sigma = u^T A v. u (m) is read and updated in place and must be
    /// non-zero (start it from rng.Normal); v (n) receives the right vector. One iteration per step costs
    /// 4 m n flops; sigma approaches ||A||_2 from below as A changes slowly.
    /// </summary>
    public static double SpectralNormStep<T>(ReadOnlySpan<T> a, int m, int n, Span<T> u, Span<T> v,
        int iterations = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string op = "PowerIteration.SpectralNormStep";
        Matrices.Check(op, nameof(a), a.Length, m, n);
        Matrices.CheckVector(op, nameof(u), u.Length, m);
        Matrices.CheckVector(op, nameof(v), v.Length, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var ud = Matrices.ToDouble<T>(u);
        if (Matrices.Normalize(ud) == 0)
            throw new ArgumentException($"{op}: u must be non-zero; initialise it with Rng.Normal.", nameof(u));
        var vd = new double[n];
        double sigma = 0;
        for (int it = 0; it < iterations; it++)
        {
            Matrices.MultiplyTransposed(a, m, n, ud, vd);
            if (Matrices.Normalize(vd) == 0) { sigma = 0; break; }   // u is orthogonal to range(A)
            Matrices.Multiply(a, m, n, vd, ud);
            sigma = Matrices.Normalize(ud);                          // ||A v|| = u^T A v after normalising
            if (sigma == 0) break;
        }

        for (int i = 0; i < m; i++) u[i] = T.CreateTruncating(ud[i]);
        for (int j = 0; j < n; j++) v[j] = T.CreateTruncating(vd[j]);
        return sigma;
    }
}

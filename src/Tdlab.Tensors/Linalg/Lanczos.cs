using Tdlab.Tensors.Random;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// The Lanczos process with full reorthogonalisation (Golub and Van Loan, "Matrix Computations", 4th ed.,
/// section 10.1; classical Gram-Schmidt applied twice, "twice is enough", Giraud et al. 2005).
/// s steps cost s operator applications plus O(n s^2) flops for the reorthogonalisation, O(n s) memory
/// for the basis, and O(s^3) for the eigenproblem of the (s, s) tridiagonal T. Extreme eigenvalues of
/// A converge first, the faster the larger their gap to the rest of the spectrum.
/// </summary>
public static class Lanczos
{
    /// <summary>
    /// The k algebraically largest eigenvalues of the symmetric operator apply(x, y): y = A x on R^n,
    /// descending, from a random start drawn from rng. iterations (the number of Lanczos steps, at most n)
    /// defaults to min(n, max(2k + 40, 3k)); with iterations = n the result is exact up to rounding.
    /// After an invariant subspace is exhausted the process restarts from a fresh random vector orthogonal
    /// to the basis, so repeated eigenvalues are all found.
    /// <paramref name="start"/> (n) replaces the random start (a warm start: the previous top eigenvector when
    /// tracking a slowly changing operator); it must be finite and non-zero. With <paramref name="tolerance"/> &gt; 0
    /// the process stops as soon as every one of the k Ritz residual bounds beta_s |y_sj| is at most
    /// tolerance * ||T|| (the largest |Ritz value|; checked after each step from k on; O(s^3) per check); iterations is then the cap.
    /// </summary>
    public static RitzPairs TopEigenvalues(Action<ReadOnlySpan<double>, Span<double>> apply, int n, int k, Rng rng,
        int iterations = 0, bool computeVectors = false, double[]? start = null, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (k < 1 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Lanczos.TopEigenvalues: k must be in [1, n = {n}].");
        int steps = iterations == 0 ? Math.Min(n, Math.Max(2 * k + 40, 3 * k)) : Math.Min(n, iterations);
        if (steps < k)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations,
                $"Lanczos.TopEigenvalues: {k} eigenvalues need at least {k} iterations.");

        double[] q0;
        if (start is null) q0 = Matrices.RandomUnit(rng, n);
        else
        {
            Matrices.CheckVector("Lanczos.TopEigenvalues", nameof(start), start.Length, n);
            q0 = (double[])start.Clone();
            double norm = Matrices.Normalize(q0);
            if (!(norm > 0) || !double.IsFinite(norm))
                throw new ArgumentException("Lanczos.TopEigenvalues: the start vector must be finite and non-zero.", nameof(start));
        }

        Func<List<double>, List<double>, double, bool>? converged = tolerance > 0
            ? (alpha, beta, b) => alpha.Count >= k && RitzConverged(alpha, beta, b, k, tolerance)
            : null;
        var tri = Run(apply, n, steps, q0, rng, keepBasis: computeVectors, converged);
        int s = tri.Steps;
        var eig = SymmetricEigen.Decompose(tri.ToDense(), s);     // ascending Ritz values
        var values = new double[k];
        var residuals = new double[k];
        double[]? vectors = computeVectors ? new double[n * k] : null;   // (n, k)
        for (int j = 0; j < k; j++)
        {
            int c = s - 1 - j;
            values[j] = eig.Values[c];
            residuals[j] = tri.Remainder * Math.Abs(eig.Vectors[(s - 1) * s + c]);
            if (vectors is null) continue;
            for (int i = 0; i < s; i++)                                   // x_j = sum_i y_ic q_i
            {
                double y = eig.Vectors[i * s + c];
                for (int r = 0; r < n; r++) vectors[r * k + j] += y * tri.Basis![i * n + r];
            }
        }

        return new RitzPairs(values, vectors, residuals, n, s);
    }

    /// <summary>
    /// steps Lanczos steps from the given start vector (normalised here), stopping early if the Krylov
    /// space becomes invariant (then the quadrature from q_0 is exact). For stochastic Lanczos quadrature
    /// start from a Rademacher or Gaussian vector and call <see cref="LanczosTridiagonal.Quadrature"/>.
    /// </summary>
    public static LanczosTridiagonal Tridiagonalize(Action<ReadOnlySpan<double>, Span<double>> apply,
        ReadOnlySpan<double> start, int steps, bool keepBasis = false)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentOutOfRangeException.ThrowIfLessThan(start.Length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var q0 = start.ToArray();
        if (Matrices.Normalize(q0) == 0 || !double.IsFinite(q0[0]))
            throw new ArgumentException("Lanczos.Tridiagonalize: the start vector must be finite and non-zero.", nameof(start));
        return Run(apply, start.Length, Math.Min(steps, start.Length), q0, restartRng: null, keepBasis);
    }

    /// <summary>The process; restartRng null stops at an invariant subspace instead of restarting.</summary>
    private static LanczosTridiagonal Run(Action<ReadOnlySpan<double>, Span<double>> apply, int n, int steps,
        double[] q, Rng? restartRng, bool keepBasis, Func<List<double>, List<double>, double, bool>? converged = null)
    {
        var basis = new double[steps * n];     // (steps, n), row j = q_j
        var alpha = new List<double>(steps);
        var beta = new List<double>(steps);
        var w = new double[n];
        double scale = 0;                      // running estimate of ||T||, for the breakdown test
        double remainder = 0;
        for (int j = 0; j < steps; j++)
        {
            q.CopyTo(basis.AsSpan(j * n, n));
            apply(q, w);
            double a = Matrices.Dot(q, w);
            alpha.Add(a);
            Matrices.SubtractScaled(w, a, q);                                  // w = A q_j - a_j q_j - b_{j-1} q_{j-1}
            if (j > 0) Matrices.SubtractScaled(w, beta[j - 1], basis.AsSpan((j - 1) * n, n));
            Orthogonalise(w, basis, j + 1, n);
            double b = Matrices.Norm(w);
            scale = Math.Max(scale, Math.Abs(a) + b + (j > 0 ? beta[j - 1] : 0));
            bool breakdown = b <= 1e-10 * scale;
            if (j == steps - 1 || (converged is not null && !breakdown && converged(alpha, beta, b)))
            {
                remainder = breakdown ? 0 : b;
                break;
            }

            if (!breakdown)
            {
                for (int i = 0; i < n; i++) q[i] = w[i] / b;
                beta.Add(b);
                continue;
            }

            if (restartRng is null || !TryRestart(restartRng, basis, j + 1, n, q)) break;
            beta.Add(0);
        }

        int s = alpha.Count;
        return new LanczosTridiagonal(alpha.ToArray(), beta.Take(s - 1).ToArray(), remainder,
            keepBasis ? basis.AsSpan(0, s * n).ToArray() : null, n);
    }

    /// <summary>
    /// Whether the k largest Ritz values of the tridiagonal (alpha, beta) with next off-diagonal b have residual
    /// bounds b |y_sj| &lt;= tolerance ||T|| (y_j the unit eigenvectors of T, s = alpha.Count).
    /// </summary>
    private static bool RitzConverged(List<double> alpha, List<double> beta, double b, int k, double tolerance)
    {
        int s = alpha.Count;
        var t = new double[s * s];
        for (int i = 0; i < s; i++)
        {
            t[i * s + i] = alpha[i];
            if (i + 1 < s) t[i * s + i + 1] = t[(i + 1) * s + i] = beta[i];
        }

        var eig = SymmetricEigen.Decompose(t, s);
        double scale = Math.Max(Math.Abs(eig.Values[s - 1]), Math.Abs(eig.Values[0]));
        for (int j = 0; j < k; j++)
            if (b * Math.Abs(eig.Vectors[(s - 1) * s + s - 1 - j]) > tolerance * scale) return false;
        return true;
    }

    /// <summary>w -= Q Q^T w over the first count basis rows, twice (classical Gram-Schmidt, twice is enough).</summary>
    private static void Orthogonalise(Span<double> w, double[] basis, int count, int n)
    {
        var c = new double[count];
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < count; i++) c[i] = Matrices.Dot(basis.AsSpan(i * n, n), w);
            for (int i = 0; i < count; i++) Matrices.SubtractScaled(w, c[i], basis.AsSpan(i * n, n));
        }
    }

    /// <summary>A random unit vector orthogonal to the first count basis rows, if one exists numerically.</summary>
    private static bool TryRestart(Rng rng, double[] basis, int count, int n, double[] q)
    {
        if (count >= n) return false;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            rng.Normal<double>(q, 0.0, 1.0);
            Matrices.Normalize(q);
            Orthogonalise(q, basis, count, n);
            if (Matrices.Normalize(q) > 1e-3) return true;
        }

        return false;
    }
}

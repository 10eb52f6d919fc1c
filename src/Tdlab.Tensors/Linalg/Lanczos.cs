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
    /// </summary>
    public static RitzPairs TopEigenvalues(Action<ReadOnlySpan<double>, Span<double>> apply, int n, int k, Rng rng,
        int iterations = 0, bool computeVectors = false)
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

        var tri = Run(apply, n, steps, Matrices.RandomUnit(rng, n), rng, keepBasis: computeVectors);
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
        double[] q, Rng? restartRng, bool keepBasis)
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
            if (j == steps - 1)
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

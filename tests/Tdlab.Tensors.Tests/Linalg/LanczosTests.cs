using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;
using static Tdlab.Tensors.Tests.Linalg.TestMatrices;

namespace Tdlab.Tensors.Tests.Linalg;

public class LanczosTests
{
    /// <summary>Lanczos against the dense eigendecomposition on random symmetric (Wigner) matrices.</summary>
    [Theory]
    [InlineData(50, 40)]
    [InlineData(100, 70)]
    [InlineData(200, 110)]
    public void Top_eigenvalues_match_dense_decomposition(int n, int iterations)
    {
        const int k = 4;
        var a = Symmetric(n, (ulong)n);
        var dense = SymmetricEigen.Values(a, n);
        var ritz = Lanczos.TopEigenvalues(Operator(a, n), n, k, new Rng(10), iterations);
        Assert.Equal(iterations, ritz.Steps);
        for (int j = 0; j < k; j++)
        {
            double expected = dense[n - 1 - j];
            Assert.True(Math.Abs(ritz.Values[j] - expected) <= 1e-8 * Math.Abs(expected),
                $"eigenvalue {j}: Lanczos {ritz.Values[j]:R}, dense {expected:R}");
            Assert.True(ritz.ResidualNorms[j] < 1e-3, $"residual {j}: {ritz.ResidualNorms[j]}");
        }
    }

    /// <summary>A = Q diag(1, 2, ..., n) Q^T with Q Haar: the top eigenvalues are n, n - 1, ...</summary>
    [Fact]
    public void Known_spectrum_with_ritz_vectors()
    {
        const int n = 120, k = 5;
        var q = Orthogonal.Haar(new Rng(21), n, n);
        var qd = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                qd[i * n + j] = q[i * n + j] * (j + 1);
        var a = Multiply(qd, Transpose(q, n, n), n, n, n);

        var ritz = Lanczos.TopEigenvalues(Operator(a, n), n, k, new Rng(22), iterations: 90, computeVectors: true);
        AssertClose([120, 119, 118, 117, 116], ritz.Values, 1e-9);
        Assert.NotNull(ritz.Vectors);
        AssertOrthonormalColumns(ritz.Vectors!, n, k, 1e-10);
        for (int j = 0; j < k; j++)
        {
            var x = Enumerable.Range(0, n).Select(i => ritz.Vectors![i * k + j]).ToArray();
            var residual = Multiply(a, x, n, n, 1).Zip(x, (ax, xi) => ax - ritz.Values[j] * xi).ToArray();
            double norm = Math.Sqrt(residual.Sum(r => r * r));
            Assert.True(norm < 1e-6, $"||A x - theta x|| = {norm} for Ritz pair {j}");
            Assert.Equal(ritz.ResidualNorms[j], norm, 1e-8);
        }
    }

    /// <summary>
    /// A Hessian-like spectrum, three outliers {10, 9, 8} above a bulk in [0, 1]: the default number of
    /// steps (here 46 of n = 500) resolves the outliers to rounding.
    /// </summary>
    [Fact]
    public void Default_iterations_resolve_outliers_above_a_bulk()
    {
        const int n = 500;
        var d = Enumerable.Range(0, n).Select(i => i / (double)n).ToArray();
        d[17] = 10; d[250] = 9; d[401] = 8;
        var ritz = Lanczos.TopEigenvalues(Diagonal(d), n, 3, new Rng(50));
        Assert.Equal(46, ritz.Steps);
        AssertClose([10, 9, 8], ritz.Values, 1e-11);
    }

    /// <summary>
    /// With eigenvalues {5, 5, 3, 1 x 27} a Krylov space has dimension 3 and sees 5 once; the restart after
    /// the invariant subspace must find the second 5 and the 1.
    /// </summary>
    [Fact]
    public void Repeated_eigenvalues_are_found_by_restarting()
    {
        var d = new double[30];
        Array.Fill(d, 1.0);
        d[4] = 5; d[11] = 5; d[20] = 3;
        var ritz = Lanczos.TopEigenvalues(Diagonal(d), 30, 4, new Rng(30), iterations: 8);
        AssertClose([5, 5, 3, 1], ritz.Values, 1e-12);
    }

    /// <summary>
    /// s Lanczos steps give an s-node Gauss quadrature, exact for polynomials up to degree 2s - 1:
    /// q0^T A^p q0 = sum_i tau_i theta_i^p for p &lt; 2s.
    /// </summary>
    [Fact]
    public void Quadrature_reproduces_moments()
    {
        const int n = 50, s = 4;
        var d = Enumerable.Range(0, n).Select(i => Math.Sin(i) * 2 + 0.1 * i).ToArray();
        var start = new double[n];
        new Rng(40).Normal<double>(start, 0.0, 1.0);
        double norm2 = start.Sum(x => x * x);
        var tri = Lanczos.Tridiagonalize(Diagonal(d), start, s);
        Assert.Equal(s, tri.Steps);
        Assert.Equal(s - 1, tri.Beta.Length);
        var (nodes, weights) = tri.Quadrature();
        Assert.Equal(1.0, weights.Sum(), 1e-13);
        for (int p = 0; p < 2 * s; p++)
        {
            double exact = Enumerable.Range(0, n).Sum(i => start[i] * start[i] * Math.Pow(d[i], p)) / norm2;
            double quad = Enumerable.Range(0, s).Sum(i => weights[i] * Math.Pow(nodes[i], p));
            Assert.True(Math.Abs(exact - quad) <= 1e-10 * Math.Max(1, Math.Abs(exact)), $"moment {p}: {exact} vs {quad}");
        }
    }

    [Fact]
    public void Tridiagonalize_stops_at_an_invariant_subspace()
    {
        double[] d = [2, 2, -1, 4, 4, 4];     // three distinct eigenvalues
        var tri = Lanczos.Tridiagonalize(Diagonal(d), [1, 1, 1, 1, 1, 1], 6, keepBasis: true);
        Assert.Equal(3, tri.Steps);
        Assert.Equal(0.0, tri.Remainder);
        Assert.Equal(3 * 6, tri.Basis!.Length);
        AssertClose([-1, 2, 4], tri.Quadrature().Nodes, 1e-12);
    }

    /// <summary>
    /// The stopping rule on the Ritz residual bound: on outliers {10, 9, 8} above a bulk in [0, 1] the top three
    /// converge long before the cap, and the stop is where every bound first falls below tolerance * ||T||.
    /// </summary>
    [Fact]
    public void Tolerance_stops_when_the_residual_bounds_are_small()
    {
        const int n = 400;
        var d = Enumerable.Range(0, n).Select(i => i / (double)n).ToArray();
        d[3] = 10; d[200] = 9; d[301] = 8;
        var ritz = Lanczos.TopEigenvalues(Diagonal(d), n, 3, new Rng(51), iterations: 200, tolerance: 1e-10);
        Assert.True(ritz.Steps < 60, $"steps {ritz.Steps}");
        AssertClose([10, 9, 8], ritz.Values, 1e-10);
        Assert.All(ritz.ResidualNorms, r => Assert.True(r <= 1e-10 * 10 + 1e-300, $"bound {r}"));
        var shorter = Lanczos.TopEigenvalues(Diagonal(d), n, 3, new Rng(51), iterations: ritz.Steps - 1);
        Assert.True(shorter.ResidualNorms.Max() > 1e-9, "one step fewer must not already have converged");
    }

    /// <summary>
    /// A warm start from the top eigenvector of a nearby operator (A + 1e-4 E) converges in fewer steps (here 47 vs 73) than
    /// a random start, to the same eigenvalue; a zero start is refused.
    /// </summary>
    [Fact]
    public void Warm_start_from_a_nearby_eigenvector_converges_faster()
    {
        const int n = 300;
        var a = Symmetric(n, 61);
        var previous = Lanczos.TopEigenvalues(Operator(a, n), n, 1, new Rng(62), iterations: n, computeVectors: true);
        var e = Symmetric(n, 63);
        var b = a.Zip(e, (x, y) => x + 1e-4 * y).ToArray();
        var cold = Lanczos.TopEigenvalues(Operator(b, n), n, 1, new Rng(64), iterations: n, tolerance: 1e-10);
        var warm = Lanczos.TopEigenvalues(Operator(b, n), n, 1, new Rng(64), iterations: n, tolerance: 1e-10, start: previous.Vectors);
        double top = SymmetricEigen.Values(b, n)[n - 1];
        Assert.True(Math.Abs(warm.Values[0] - top) <= 1e-9 * Math.Abs(top), $"{warm.Values[0]} vs {top}");
        Assert.True(Math.Abs(cold.Values[0] - top) <= 1e-9 * Math.Abs(top), $"{cold.Values[0]} vs {top}");
        Assert.True(warm.Steps * 4 < cold.Steps * 3, $"warm {warm.Steps} steps, cold {cold.Steps}");
        Assert.Throws<ArgumentException>(() => Lanczos.TopEigenvalues(Operator(b, n), n, 1, new Rng(1), start: new double[n]));
    }

    [Fact]
    public void Rejects_k_out_of_range()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Lanczos.TopEigenvalues(Diagonal([1, 2]), 2, 3, new Rng(1)));
        Assert.Contains("Lanczos.TopEigenvalues", ex.Message);
    }
}

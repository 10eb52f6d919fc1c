using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;
using static Tdlab.Tensors.Tests.Linalg.TestMatrices;

namespace Tdlab.Tensors.Tests.Linalg;

public class PowerIterationTests
{
    [Theory]
    [InlineData(new double[] { 1, -2, 5, 3, 0.5 }, 5.0, 2)]
    [InlineData(new double[] { 1, -7, 3, 6 }, -7.0, 1)]
    public void Finds_largest_magnitude_eigenvalue_of_a_diagonal_operator(double[] d, double value, int index)
    {
        var top = PowerIteration.TopEigenpair(Diagonal(d), d.Length, new Rng(1));
        Assert.True(top.Converged);
        Assert.Equal(value, top.Value, 1e-9);
        Assert.Equal(1.0, Math.Abs(top.Vector[index]), 1e-9);
    }

    [Fact]
    public void Matches_dense_eigendecomposition_on_a_gram_matrix()
    {
        const int n = 20;
        var b = Gaussian(30, n, 4);
        var a = Multiply(Transpose(b, 30, n), b, n, 30, n);       // positive semi-definite
        double expected = SymmetricEigen.Values(a, n)[^1];
        var top = PowerIteration.TopEigenpair(Operator(a, n), n, new Rng(2), maxIterations: 5000);
        Assert.True(top.Converged, $"not converged after {top.Iterations}");
        Assert.Equal(1.0, top.Value / expected, 1e-12);
        var av = Multiply(a, top.Vector, n, n, 1);
        AssertClose(top.Vector.Select(x => top.Value * x).ToArray(), av, 1e-9 * expected);
    }

    [Fact]
    public void Reports_no_convergence_when_plus_and_minus_lambda_tie()
    {
        var top = PowerIteration.TopEigenpair(Diagonal([2, -2, 1]), 3, new Rng(3), maxIterations: 60);
        Assert.False(top.Converged);
        Assert.Equal(60, top.Iterations);
    }

    [Theory]
    [InlineData(15, 8)]
    [InlineData(8, 15)]
    public void Spectral_norm_matches_largest_singular_value(int m, int n)
    {
        var a = Gaussian(m, n, (ulong)(m + 7 * n));
        double expected = Svd.SingularValues(a, m, n)[0];
        var top = PowerIteration.SpectralNorm(a, m, n, new Rng(5), maxIterations: 10000);
        Assert.True(top.Converged);
        Assert.Equal(1.0, top.Value / expected, 1e-12);
        AssertClose(top.U.Select(x => top.Value * x).ToArray(), Multiply(a, top.V, m, n, 1), 1e-9);
    }

    [Fact]
    public void Persistent_step_increases_sigma_towards_the_spectral_norm()
    {
        const int m = 12, n = 9;
        var a = Gaussian(m, n, 8);
        double expected = Svd.SingularValues(a, m, n)[0];
        var u = new double[m];
        var v = new double[n];
        new Rng(6).Normal<double>(u, 0.0, 1.0);
        double previous = 0, sigma = 0;
        for (int step = 0; step < 3000; step++)
        {
            sigma = PowerIteration.SpectralNormStep<double>(a, m, n, u, v);
            Assert.True(sigma >= previous * (1 - 1e-14), $"step {step}: {sigma} < {previous}");
            previous = sigma;
        }

        Assert.Equal(1.0, sigma / expected, 1e-12);
        AssertClose(u.Select(x => sigma * x).ToArray(), Multiply(a, v, m, n, 1), 1e-9);
    }

    [Fact]
    public void Persistent_step_in_float()
    {
        const int m = 6, n = 10;
        var a = Gaussian(m, n, 9);
        double expected = Svd.SingularValues(a, m, n)[0];
        var af = Array.ConvertAll(a, x => (float)x);
        var u = new float[m];
        var v = new float[n];
        new Rng(7).Normal<float>(u, 0f, 1f);
        double sigma = PowerIteration.SpectralNormStep<float>(af, m, n, u, v, iterations: 500);
        Assert.Equal(1.0, sigma / expected, 1e-5);
    }

    [Fact]
    public void Persistent_step_rejects_zero_u_and_wrong_lengths()
    {
        var a = new double[6];
        var ex = Assert.Throws<ArgumentException>(() =>
            PowerIteration.SpectralNormStep<double>(a, 2, 3, new double[2], new double[3]));
        Assert.Contains("non-zero", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            PowerIteration.SpectralNormStep<double>(a, 2, 3, new double[3], new double[3]));
        Assert.Contains("PowerIteration.SpectralNormStep", ex.Message);
        Assert.Contains("u has length 3, expected 2", ex.Message);
    }
}

using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;
using static Tdlab.Tensors.Tests.Linalg.TestMatrices;

namespace Tdlab.Tensors.Tests.Linalg;

public class OrthogonalTests
{
    [Theory]
    [InlineData(8, 8)]
    [InlineData(20, 5)]
    [InlineData(5, 20)]
    public void Is_orthogonal_or_semi_orthogonal(int rows, int cols)
    {
        var q = Orthogonal.Haar(new Rng(3, "haar"), rows, cols);
        if (rows >= cols) AssertOrthonormalColumns(q, rows, cols, 1e-12);
        else AssertOrthonormalColumns(Transpose(q, rows, cols), cols, rows, 1e-12);
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(20, 5)]
    [InlineData(5, 20)]
    public void Gram_schmidt_variant_is_orthogonal_or_semi_orthogonal_with_gain(int rows, int cols)
    {
        var q = new double[rows * cols];
        Orthogonal.FillGramSchmidt<double>(new Rng(3, "mgs"), q, rows, cols, gain: 2.0);
        var unit = Array.ConvertAll(q, x => x / 2);
        if (rows >= cols) AssertOrthonormalColumns(unit, rows, cols, 1e-12);
        else AssertOrthonormalColumns(Transpose(unit, rows, cols), cols, rows, 1e-12);

        var f = new float[rows * cols];
        Orthogonal.FillGramSchmidt<float>(new Rng(3, "mgs"), f, rows, cols, gain: 2.0);
        for (int i = 0; i < f.Length; i++) Assert.Equal((float)q[i], f[i]);
    }

    [Fact]
    public void Gain_scales_and_float_fill_matches_double()
    {
        var q = Orthogonal.Haar(new Rng(5), 6, 4, gain: 2.0);
        var gram = Multiply(Transpose(q, 6, 4), q, 4, 6, 4);
        AssertClose(Array.ConvertAll(Identity(4), x => 4 * x), gram, 1e-12);

        var f = new float[24];
        Orthogonal.Fill<float>(new Rng(5), f, 6, 4, gain: 2.0);
        for (int i = 0; i < 24; i++) Assert.Equal((float)q[i], f[i]);
    }

    [Fact]
    public void Same_seed_same_matrix_different_seed_different_matrix()
    {
        Assert.Equal(Orthogonal.Haar(new Rng(11), 7, 3), Orthogonal.Haar(new Rng(11), 7, 3));
        Assert.NotEqual(Orthogonal.Haar(new Rng(11), 7, 3), Orthogonal.Haar(new Rng(12), 7, 3));
    }

    /// <summary>
    /// Haar measure on O(2): det = +1 and -1 equally often, and the rotation angle theta = atan2(Q21, Q11)
    /// is uniform, so E[cos theta] = E[sin theta] = E[cos 2 theta] = E[sin 2 theta] = 0. Without the sign
    /// correction Householder QR gives Q11 &lt;= 0 always and E[cos theta] = -2/pi.
    /// Each mean has standard error sqrt(1/2 / N); the bound is 5 of them.
    /// </summary>
    [Fact]
    public void Two_by_two_angle_is_uniform()
    {
        const int draws = 20000;
        var rng = new Rng(2024, "haar-2x2");
        double cos = 0, sin = 0, cos2 = 0, sin2 = 0, positive = 0;
        for (int t = 0; t < draws; t++)
        {
            var q = Orthogonal.Haar(rng, 2, 2);
            double theta = Math.Atan2(q[2], q[0]);
            cos += Math.Cos(theta); sin += Math.Sin(theta);
            cos2 += Math.Cos(2 * theta); sin2 += Math.Sin(2 * theta);
            if (q[0] * q[3] - q[1] * q[2] > 0) positive++;
        }

        double bound = 5 * Math.Sqrt(0.5 / draws);
        Assert.InRange(cos / draws, -bound, bound);
        Assert.InRange(sin / draws, -bound, bound);
        Assert.InRange(cos2 / draws, -bound, bound);
        Assert.InRange(sin2 / draws, -bound, bound);
        Assert.InRange(positive / draws, 0.5 - 2 * bound, 0.5 + 2 * bound);
    }

    /// <summary>
    /// Each column of a Haar matrix in O(n) is uniform on the sphere, so Q_ij^2 ~ Beta(1/2, (n-1)/2) with
    /// mean 1/n and variance 2(n-1) / (n^2 (n+2)), and E[Q_ij] = 0. Bound: 5 standard errors.
    /// </summary>
    [Fact]
    public void Entries_have_sphere_moments()
    {
        const int n = 4, draws = 5000;
        var rng = new Rng(99, "haar-moments");
        var sumSq = new double[n * n];
        var sum = new double[n * n];
        for (int t = 0; t < draws; t++)
        {
            var q = Orthogonal.Haar(rng, n, n);
            for (int i = 0; i < q.Length; i++) { sum[i] += q[i]; sumSq[i] += q[i] * q[i]; }
        }

        double sdSq = Math.Sqrt(2.0 * (n - 1) / (n * n * (n + 2.0)) / draws);
        double sdMean = Math.Sqrt(1.0 / n / draws);
        for (int i = 0; i < n * n; i++)
        {
            Assert.InRange(sumSq[i] / draws, 1.0 / n - 5 * sdSq, 1.0 / n + 5 * sdSq);
            Assert.InRange(sum[i] / draws, -5 * sdMean, 5 * sdMean);
        }
    }
}

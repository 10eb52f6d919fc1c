using Tdlab.Tensors.Linalg;
using static Tdlab.Tensors.Tests.Linalg.TestMatrices;

namespace Tdlab.Tensors.Tests.Linalg;

public class QrTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    [InlineData(9, 4)]
    [InlineData(4, 9)]
    [InlineData(30, 17)]
    public void Reconstructs_with_orthonormal_Q_and_nonnegative_upper_triangular_R(int m, int n)
    {
        var a = Gaussian(m, n, (ulong)(m * 100 + n));
        var qr = Qr.Decompose(a, m, n);
        int k = Math.Min(m, n);
        Assert.Equal(k, qr.K);
        Assert.Equal(m * k, qr.Q.Length);
        Assert.Equal(k * n, qr.R.Length);
        AssertOrthonormalColumns(qr.Q, m, k, 1e-13);
        AssertClose(a, Multiply(qr.Q, qr.R, m, k, n), 1e-12);
        for (int i = 0; i < k; i++)
        {
            Assert.True(qr.R[i * n + i] >= 0, $"R[{i},{i}] = {qr.R[i * n + i]}");
            for (int j = 0; j < Math.Min(i, n); j++) Assert.Equal(0.0, qr.R[i * n + j]);
        }
    }

    [Fact]
    public void Hand_computed_2x2()
    {
        // A = [[0, 1], [-1, 1]]: first column (0, -1) has norm 1, so q1 = (0, -1), r11 = 1;
        // r12 = q1 . (1, 1) = -1; q2 = (1, 0), r22 = 1.
        var qr = Qr.Decompose([0, 1, -1, 1], 2, 2);
        AssertClose([0, 1, -1, 0], qr.Q, 1e-15);
        AssertClose([1, -1, 0, 1], qr.R, 1e-15);
    }

    [Fact]
    public void Rank_deficient_input_still_gives_orthonormal_Q()
    {
        // Column 2 = 2 * column 1, and a zero column.
        double[] a = [1, 2, 0, 3, 6, 0, -1, -2, 0];
        var qr = Qr.Decompose(a, 3, 3);
        AssertOrthonormalColumns(qr.Q, 3, 3, 1e-13);
        AssertClose(a, Multiply(qr.Q, qr.R, 3, 3, 3), 1e-13);
        Assert.True(Math.Abs(qr.R[4]) < 1e-13 && Math.Abs(qr.R[8]) < 1e-13);
    }

    [Fact]
    public void Float_overload_matches_double()
    {
        var a = Gaussian(6, 3, 7);
        var f = Array.ConvertAll(a, x => (float)x);
        var expected = Qr.Decompose(Array.ConvertAll(f, x => (double)x), 6, 3);
        var actual = Qr.Decompose(f, 6, 3);
        Assert.Equal(expected.Q, actual.Q);
        Assert.Equal(expected.R, actual.R);
    }

    [Fact]
    public void Shape_mismatch_names_the_op_and_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Qr.Decompose(new double[5], 2, 3));
        Assert.Contains("Qr.Decompose", ex.Message);
        Assert.Contains("(2, 3)", ex.Message);
    }
}

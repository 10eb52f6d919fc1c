using Tdlab.Tensors.Linalg;
using static Tdlab.Tensors.Tests.Linalg.TestMatrices;

namespace Tdlab.Tensors.Tests.Linalg;

public class SymmetricEigenTests
{
    [Fact]
    public void Hand_computed_2x2()
    {
        var eig = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        AssertClose([1, 3], eig.Values, 1e-14);
        double h = Math.Sqrt(0.5);
        AssertClose([h, h], eig.Vector(1), 1e-14);
        Assert.True(Math.Abs(Math.Abs(eig.Vector(0)[0]) - h) < 1e-14);
    }

    /// <summary>The second-difference matrix tridiag(-1, 2, -1) has eigenvalues 2 - 2 cos(j pi / (n + 1)).</summary>
    [Fact]
    public void Second_difference_matrix_has_cosine_spectrum()
    {
        const int n = 12;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = 2;
            if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = -1;
        }

        var expected = Enumerable.Range(1, n).Select(j => 2 - 2 * Math.Cos(j * Math.PI / (n + 1))).ToArray();
        AssertClose(expected, SymmetricEigen.Values(a, n), 1e-13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(40)]
    public void Eigenpairs_satisfy_A_v_equals_lambda_v(int n)
    {
        var a = Symmetric(n, (ulong)n);
        var eig = SymmetricEigen.Decompose(a, n);
        AssertOrthonormalColumns(eig.Vectors, n, n, 1e-12);
        for (int j = 0; j < n; j++)
        {
            if (j > 0) Assert.True(eig.Values[j - 1] <= eig.Values[j]);
            var v = eig.Vector(j);
            var av = Multiply(a, v, n, n, 1);
            AssertClose(v.Select(x => eig.Values[j] * x).ToArray(), av, 1e-12);
        }
    }

    [Fact]
    public void Uses_the_symmetric_part()
    {
        // [[1, 4], [0, 1]] has symmetric part [[1, 2], [2, 1]], eigenvalues -1 and 3.
        AssertClose([-1, 3], SymmetricEigen.Values([1, 4, 0, 1], 2), 1e-14);
    }

    [Fact]
    public void Non_square_input_names_the_op()
    {
        var ex = Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[6], 3));
        Assert.Contains("SymmetricEigen.Decompose", ex.Message);
        Assert.Contains("(3, 3)", ex.Message);
    }
}

using Tdlab.Tensors.Linalg;
using static Tdlab.Tensors.Tests.Linalg.TestMatrices;

namespace Tdlab.Tensors.Tests.Linalg;

public class SvdTests
{
    [Fact]
    public void Diagonal_matrix_gives_sorted_absolute_diagonal()
    {
        double[] a = [3, 0, 0, 0, -1, 0, 0, 0, 2];
        AssertClose([3, 2, 1], Svd.SingularValues(a, 3, 3), 1e-14);
    }

    [Fact]
    public void Rank_one_outer_product_has_one_nonzero_singular_value()
    {
        double[] u = [1, 2, 2], v = [3, 0, 4, 0];          // ||u|| = 3, ||v|| = 5
        var a = Multiply(u, v, 3, 1, 4);
        var svd = Svd.Decompose(a, 3, 4);
        AssertClose([15, 0, 0], svd.S, 1e-13);
        // The top singular vectors are u / 3 and v / 5 up to one common sign, fixed here by U's largest entry > 0.
        AssertClose([1 / 3.0, 2 / 3.0, 2 / 3.0], [svd.U[0], svd.U[3], svd.U[6]], 1e-14);
        AssertClose([0.6, 0, 0.8, 0], svd.Vt[..4], 1e-14);
    }

    [Fact]
    public void Hand_computed_2x2()
    {
        // A = [[3, 0], [4, 5]]: A^T A = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
        AssertClose([Math.Sqrt(45), Math.Sqrt(5)], Svd.SingularValues([3, 0, 4, 5], 2, 2), 1e-14);
    }

    [Theory]
    [InlineData(7, 4)]
    [InlineData(4, 7)]
    [InlineData(12, 12)]
    public void Thin_factors_reconstruct_and_are_orthonormal(int m, int n)
    {
        var a = Gaussian(m, n, (ulong)(31 * m + n));
        var svd = Svd.Decompose(a, m, n);
        int k = Math.Min(m, n);
        Assert.Equal((m * k, k, k * n), (svd.U.Length, svd.S.Length, svd.Vt.Length));
        AssertOrthonormalColumns(svd.U, m, k, 1e-13);
        AssertOrthonormalColumns(Transpose(svd.Vt, k, n), n, k, 1e-13);
        for (int i = 1; i < k; i++) Assert.True(svd.S[i - 1] >= svd.S[i]);
        var us = new double[m * k];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < k; j++)
                us[i * k + j] = svd.U[i * k + j] * svd.S[j];
        AssertClose(a, Multiply(us, svd.Vt, m, k, n), 1e-12);
        AssertClose(svd.S, Svd.SingularValues(a, m, n), 1e-12);
    }

    [Fact]
    public void Singular_values_are_square_roots_of_gram_eigenvalues()
    {
        var a = Gaussian(9, 5, 17);
        var gram = Multiply(Transpose(a, 9, 5), a, 5, 9, 5);
        var eig = SymmetricEigen.Values(gram, 5).Reverse().Select(Math.Sqrt).ToArray();
        AssertClose(eig, Svd.SingularValues(a, 9, 5), 1e-12);
    }

    [Fact]
    public void Shape_mismatch_names_the_op_and_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Svd.Decompose(new double[7], 2, 4));
        Assert.Contains("Svd.Decompose", ex.Message);
        Assert.Contains("(2, 4)", ex.Message);
    }
}

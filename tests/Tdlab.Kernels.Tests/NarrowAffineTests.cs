using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>The short-input affine kernel against its naive reference (same order of operations: equal bits).</summary>
public class NarrowAffineTests
{
    static T[] Random<T>(Random rng, int n, Func<double, T> cast) =>
        Enumerable.Range(0, n).Select(_ => cast(rng.NextDouble() * 2 - 1)).ToArray();

    static void Compare<T>(int m, int n, int k, bool bias, Func<double, T> cast) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        var x = Random(rng, m * k, cast);
        var w = Random(rng, n * k, cast);
        var b = bias ? Random(rng, n, cast) : [];
        var fast = Enumerable.Repeat(T.NaN, m * n).ToArray();
        var reference = new T[m * n];
        NarrowAffine.Forward<T>(x, w, b, m, n, k, fast);
        NarrowAffineReference.Forward<T>(x, w, b, m, n, k, reference);
        Assert.Equal(reference, fast);

        // the relu epilogue: the same as the reference then relu (about half the outputs are negative here)
        NarrowAffine.Forward<T>(x, w, b, m, n, k, fast, relu: true);
        ElementwiseReference.Relu<T>(reference, reference);
        Assert.Equal(reference, fast);
    }

    [Theory]
    [InlineData(32, 100, 10, true)]
    [InlineData(7, 16, 1, true)]
    [InlineData(5, 17, 16, false)]
    [InlineData(9, 3, 4, true)]
    [InlineData(1, 64, 8, false)]
    [InlineData(0, 8, 2, true)]
    [InlineData(13, 33, 5, true)]
    public void Fast_matches_reference(int m, int n, int k, bool bias)
    {
        Compare<float>(m, n, k, bias, v => (float)v);
        Compare<double>(m, n, k, bias, v => v);
    }

    [Fact]
    public void Computes_x_W_transpose_plus_b()
    {
        // x (2, 2), W (3, 2), b (3): y[r, j] = b[j] + x[r, 0] W[j, 0] + x[r, 1] W[j, 1]
        double[] x = [1, 2, 3, 4], w = [1, 0, 0, 1, 1, 1], b = [10, 20, 30], y = new double[6];
        NarrowAffineReference.Forward<double>(x, w, b, 2, 3, 2, y);
        Assert.Equal([11.0, 22, 33, 13, 24, 37], y);
    }

    [Fact]
    public void Bad_shapes_name_the_kernel()
    {
        var e = Assert.Throws<ArgumentException>(() => NarrowAffine.Forward<float>(new float[6], new float[6], [], 3, 3, 2, new float[8]));
        Assert.Contains("NarrowAffine", e.Message);
        Assert.Throws<ArgumentException>(() => NarrowAffine.Forward<float>(new float[17], new float[17], [], 1, 1, 17, new float[1]));
    }
}

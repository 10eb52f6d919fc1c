using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>Defined behaviour of the row operations on special rows, checked on fast and reference alike.</summary>
public class RowsSemanticsTests
{
    static double[] Both(Action<double[]> fast, Action<double[]> reference, int n)
    {
        double[] f = new double[n], r = new double[n];
        fast(f); reference(r);
        for (int i = 0; i < n; i++) Assert.True(Approx.Close(f[i], r[i], 64), $"at {i}: fast {f[i]}, reference {r[i]}");
        return f;
    }

    static double[] Softmax(double[] x) => Both(y => Rows.Softmax(x, 1, x.Length, y), y => RowsReference.Softmax(x, 1, x.Length, y), x.Length);
    static double[] LogSoftmax(double[] x) => Both(y => Rows.LogSoftmax(x, 1, x.Length, y), y => RowsReference.LogSoftmax(x, 1, x.Length, y), x.Length);

    [Fact]
    public void SoftmaxRowWithPlusInfOrNaNOrOnlyMinusInfIsAllNaN()
    {
        foreach (double[] row in new[] { new[] { 1.0, double.PositiveInfinity, 2.0 }, [1.0, double.NaN, 2.0], [double.NegativeInfinity, double.NegativeInfinity] })
        {
            Assert.All(Softmax(row), v => Assert.True(double.IsNaN(v)));
            Assert.All(LogSoftmax(row), v => Assert.True(double.IsNaN(v)));
        }
    }

    [Fact]
    public void SoftmaxMinusInfIsAMaskAndLargeLogitsDoNotOverflow()
    {
        double[] p = Softmax([double.NegativeInfinity, 0.0, Math.Log(3)]);
        Assert.Equal([0.0, 0.25, 0.75], p, (a, b) => Math.Abs(a - b) <= 1e-16);
        double[] l = LogSoftmax([double.NegativeInfinity, 1000.0, 0.0]);
        Assert.Equal(double.NegativeInfinity, l[0]);
        Assert.Equal(-Math.Exp(-1000), l[1]);               // -log(1 + e^-1000) rounds to -0
        Assert.Equal(-1000.0, l[2]);
        Assert.Equal([1.0, 0.0], Softmax([1000.0, 0.0]));
    }

    [Fact]
    public void MaxAxisTakesFirstNaNThenPlusZeroOverMinusZeroThenFirstTie()
    {
        double[] src = [1.0, double.NaN, 5.0, double.NaN,   -0.0, 0.0, -0.0, 0.0,   2.0, 7.0, 7.0, 1.0];
        foreach (int inner in new[] { 1, 2 })
        {
            // inner = 1: shape (3, 4, 1), one group of four per row; inner = 2: shape (1, 6, 2), the strided path
            int outer = inner == 1 ? 3 : 1, axis = 12 / inner / outer;
            double[] df = new double[outer * inner], dr = new double[outer * inner];
            int[] af = new int[outer * inner], ar = new int[outer * inner];
            Rows.MaxAxis<double>(src, outer, axis, inner, df, af);
            RowsReference.MaxAxis<double>(src, outer, axis, inner, dr, ar);
            Assert.Equal(ar, af);
            Assert.Equal(inner == 1 ? [1, 1, 1] : [5, 0], af);
        }
    }

    [Fact]
    public void ShapeMismatchThrowsNamingTheOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Rows.Softmax(new double[11], 3, 4, new double[12]));
        Assert.Contains("Rows.Softmax", ex.Message);
        Assert.Contains("3*4", ex.Message);
        Assert.Contains("Rows.SumAxis", Assert.Throws<ArgumentException>(() => Rows.SumAxis(new double[12], 2, 3, 2, new double[5])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Rows.MaxAxis(new double[0], 2, 0, 3, new double[6], new int[6])).Message);
    }
}

using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Tensors.Tests;

public class TensorBasicsTests
{
    [Fact]
    public void BroadcastBinaryMatchesNaiveIndexing()
    {
        var rng = new Rng(1, "bcast");
        var a = Tensor.Normal<double>(rng, new Shape(2, 1, 4));
        var b = Tensor.Normal<double>(rng, new Shape(3, 1));
        var y = a * b;
        Assert.Equal(new Shape(2, 3, 4), y.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(a[i * 4 + k] * b[j], y[(i * 3 + j) * 4 + k]);
    }

    [Fact]
    public void RowVectorAddAndSumToAreAdjoint()
    {
        var x = Tensor.From(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var v = Tensor.From(new double[] { 10, 20, 30 });
        Assert.Equal(new double[] { 11, 22, 33, 14, 25, 36 }, (x + v).ToArray());
        Assert.Equal(new double[] { 5, 7, 9 }, x.SumTo(new Shape(3)).ToArray());
        Assert.Equal(new double[] { 6, 15 }, x.SumTo(new Shape(2, 1)).ToArray());
        Assert.Equal(21.0, x.SumTo(Shape.Scalar).Item());
    }

    [Fact]
    public void ReductionsAlongAxes()
    {
        var x = Tensor.From(new double[] { 1, 5, 3, 4, 2, 6 }, 2, 3);
        Assert.Equal(new double[] { 5, 7, 9 }, x.Sum(0).ToArray());
        Assert.Equal(new double[] { 9, 12 }, x.Sum(1).ToArray());
        Assert.Equal(new Shape(2, 1), x.Sum(1, keepDim: true).Shape);
        Assert.Equal(new double[] { 5, 6 }, x.Max(1).ToArray());
        Assert.Equal(new[] { 1, 2 }, x.ArgMax(1));
        Assert.Equal(new[] { 1, 0, 1 }, x.ArgMax(0));
        Assert.Equal(3.5, x.Mean().Item());
    }

    [Fact]
    public void ShapeOpsKeepValues()
    {
        var x = Tensor.From(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, x.Transpose().ToArray());
        Assert.Equal(new double[] { 4, 5, 6 }, x.SliceRows(1, 1).ToArray());
        Assert.Equal(new double[] { 2, 3, 5, 6 }, x.Narrow(1, 1, 2).ToArray());
        Assert.Equal(new double[] { 4, 5, 6, 1, 2, 3, 4, 5, 6 }, x.IndexRows([1, 0, 1]).ToArray());
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6 }, Tensor.Concat([x, x], 0).ToArray());
        Assert.Equal(new double[] { 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6 }, Tensor.Concat([x, x], 1).ToArray());
        Assert.Equal(new Shape(3, 2), x.Reshape(-1, 2).Shape);
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndLogSoftmaxIsItsLog()
    {
        var x = Tensor.From(new double[] { 1000, 1001, 1002, -3, 0, 3 }, 2, 3);
        var s = x.Softmax();
        var l = x.LogSoftmax();
        for (int r = 0; r < 2; r++)
        {
            Assert.Equal(1.0, s[r, 0] + s[r, 1] + s[r, 2], 1e-14);
            for (int c = 0; c < 3; c++) Assert.Equal(Math.Log(s[r, c]), l[r, c], 1e-12);
        }
    }

    [Fact]
    public void MatMulMatchesHandProductInFloatAndDouble()
    {
        var a = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = Tensor.From(new float[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, a.MatMul(b).ToArray());
        Assert.Equal(new float[] { 58, 64, 139, 154 }, b.MatMul(a, true, true).Transpose().ToArray());
        var ad = a.Cast<double>();
        Assert.Equal(new double[] { 14, 32, 32, 77 }, ad.MatMul(ad, transB: true).ToArray());
    }

    [Fact]
    public void ScopeRecyclesTemporariesAndKeepsPersistentTensors()
    {
        Tensor<float> inside, kept, persistent;
        using (TensorScope.Begin())
        {
            inside = Tensor.Ones<float>(64);
            kept = TensorScope.Keep(Tensor.Full(new Shape(64), 2f));
            using (TensorScope.Suspend()) persistent = Tensor.Full(new Shape(64), 3f);
            Assert.Equal(64f, inside.Sum().Item());
        }

        Assert.Throws<ObjectDisposedException>(() => inside.Span.Length);
        Assert.Equal(128f, kept.Sum().Item());
        Assert.Equal(192f, persistent.Sum().Item());

        // The next scope reuses the recycled array: same storage length, fresh tensor.
        using (TensorScope.Begin())
        {
            var again = Tensor.Zeros<float>(64);
            Assert.Equal(0f, again.Sum().Item());
        }
    }

    [Fact]
    public void StorageIsSixtyFourByteAligned()
    {
        foreach (int n in new[] { 1, 3, 17, 1000 })
        {
            var t = Tensor.Zeros<double>(n);
            unsafe
            {
                fixed (double* p = t.Span) Assert.Equal(0L, (long)p % 64);
            }
        }
    }

    [Fact]
    public void NoGradRecordsNothingAndGradientsAccumulate()
    {
        var x = Tensor.From(new double[] { 1, 2, 3 });
        x.RequiresGrad = true;
        using (Autograd.NoGrad()) Assert.Null((x * x).GradFn);
        (x * x).Sum().Backward();
        (x * 3.0).Sum().Backward();
        Assert.Equal(new double[] { 5, 7, 9 }, x.Grad!.ToArray());
    }

    [Fact]
    public void BadShapesThrowNamingTheOp()
    {
        var a = Tensor.Zeros<double>(2, 3);
        var b = Tensor.Zeros<double>(4, 5);
        Assert.Contains("MatMul", Assert.Throws<ArgumentException>(() => a.MatMul(b)).Message);
        Assert.Contains("(2, 3)", Assert.Throws<ArgumentException>(() => a + b).Message);
        Assert.Contains("Reshape", Assert.Throws<ArgumentException>(() => a.Reshape(4, 2)).Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros<double>(2).Transpose());
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SliceRows(1, 5));
    }

    [Fact]
    public void RngStreamsDependOnlyOnSeedAndName()
    {
        var a = new Rng(42, "w").Permutation(10);
        var b = new Rng(42, "w").Permutation(10);
        var c = new Rng(42, "v").Permutation(10);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var normals = new double[200_000];
        new Rng(1, "stats").Normal<double>(normals, 0, 2);
        double mean = normals.Average(), var = normals.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(var, 4 * 0.98, 4 * 1.02);
    }
}

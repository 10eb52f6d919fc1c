using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

public sealed class GemmBatchedTests
{
    /// <summary>Ensemble-shaped batch (each member 32x10 @ 10x100): batched == loop of single products, any threads.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Batched_EqualsLoopOfSingles(int threads)
    {
        foreach (var (ta, tb) in new[] { (Transpose.None, Transpose.None), (Transpose.Transpose, Transpose.None), (Transpose.None, Transpose.Transpose) })
        {
            const int batch = 100, m = 32, n = 100, k = 10;
            int lda = ta == Transpose.None ? k : m, ldb = tb == Transpose.None ? n : k;
            var a = GemmOracle.Random<float>(batch * m * k, 1);
            var b = GemmOracle.Random<float>(k * n, 2); // shared across the batch: strideB = 0
            var c = GemmOracle.Random<float>(batch * m * n, 3);
            var loop = (float[])c.Clone();
            using (Parallelism.Limit(threads))
                Gemm.ComputeBatched(ta, tb, batch, m, n, k, 1f, a, lda, m * k, b, ldb, 0, 0.5f, c, n, m * n);
            using (Parallelism.Limit(1))
                for (int i = 0; i < batch; i++)
                    Gemm.Compute(ta, tb, m, n, k, 1f, a.AsSpan(i * m * k), lda, b, ldb, 0.5f, loop.AsSpan(i * m * n), n);
            Assert.Equal(loop, c);
        }
    }

    [Fact]
    public void Batched_Double_MatchesOracle()
    {
        const int batch = 7, m = 13, n = 21, k = 9, strideA = m * k + 3, strideC = m * n + 1;
        var a = GemmOracle.Random<double>(batch * strideA, 4);
        var b = GemmOracle.Random<double>(batch * k * n, 5);
        var c = new double[batch * strideC];
        Gemm.ComputeBatched(Transpose.None, Transpose.None, batch, m, n, k, 2.0, a, k, strideA, b, n, k * n, 0.0, c, n, strideC);
        for (int i = 0; i < batch; i++)
        {
            var ai = a[(i * strideA)..]; var bi = b[(i * k * n)..]; var ci = c[(i * strideC)..((i * strideC) + m * n)];
            var expected = GemmOracle.Product(Transpose.None, Transpose.None, m, n, k, 2.0, ai, k, bi, n, 0.0, ci, n);
            GemmOracle.AssertClose(expected, ci, m, n, n, k, 2.0, ai, bi, 0.0, $"member {i}");
        }
    }

    [Fact]
    public void BadShapes_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Compute(Transpose.None, Transpose.None, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("Gemm.Compute", ex.Message);
        Assert.Throws<ArgumentException>(() =>
            Gemm.Compute(Transpose.None, Transpose.None, 4, 4, 4, 1f, new float[16], 3, new float[16], 4, 0f, new float[16], 4));
        Assert.Throws<ArgumentException>(() =>
            Gemm.ComputeBatched(Transpose.None, Transpose.None, 2, 4, 4, 4, 1f, new float[32], 4, 16, new float[16], 4, 0,
                0f, new float[32], 4, 0)); // overlapping outputs
    }
}

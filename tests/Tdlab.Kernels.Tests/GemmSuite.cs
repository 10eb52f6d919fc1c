using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// One GEMM test suite, run against every implementation (the fast kernel on each micro-kernel family,
/// and the naive reference), all checked against <see cref="GemmOracle"/>, an independent double loop.
/// </summary>
public abstract class GemmSuite
{
    /// <summary>The implementation under test, with the public Gemm.Compute signature.</summary>
    protected abstract void Compute<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 257, 129, 65 }, { 8, 32, 16 }, { 6, 16, 3 },
        { 9, 33, 257 },   // k straddles the float k block (256 on Zen 5 and the Xeon; 192 for double)
        { 200, 47, 300 }, // k two blocks
        { 17, 70, 513 },  // three k blocks, edge tiles in m and n
        { 260, 530, 520 }, // several output tiles on two threads, three k blocks, edge tiles
        { 100, 2, 40 }, { 3, 100, 40 },
        { 32, 100, 10 }, { 32, 1, 100 }, { 1, 100, 32 }, { 100, 10, 32 }, { 32, 100, 1 }, // an ensemble member's products
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesOracle_AllTransposes_Float(int m, int n, int k) => AllTransposes<float>(m, n, k);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesOracle_AllTransposes_Double(int m, int n, int k) => AllTransposes<double>(m, n, k);

    private void AllTransposes<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var ta in new[] { Transpose.None, Transpose.Transpose })
            foreach (var tb in new[] { Transpose.None, Transpose.Transpose })
                Check<T>(ta, tb, m, n, k, alpha: 1.0, beta: 0.0, pad: 0, seed: m * 31 + n * 7 + k);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(-0.75, 0.5)]
    [InlineData(2.0, -1.0)]
    [InlineData(0.5, 0.0)]
    public void AlphaBeta_WithPaddedLeadingDimensions(double alpha, double beta)
    {
        foreach (var ta in new[] { Transpose.None, Transpose.Transpose })
            foreach (var tb in new[] { Transpose.None, Transpose.Transpose })
            {
                Check<float>(ta, tb, 37, 45, 29, alpha, beta, pad: 3, seed: 5);
                Check<double>(ta, tb, 37, 45, 29, alpha, beta, pad: 5, seed: 6);
            }
    }

    [Fact]
    public void BetaZero_IgnoresNaNInC()
    {
        foreach (var (m, n, k) in new[] { (7, 13, 5), (64, 64, 64), (9, 33, 257) })
        {
            var (a, b) = (GemmOracle.Random<float>(m * k, 1), GemmOracle.Random<float>(k * n, 2));
            var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
            Compute(Transpose.None, Transpose.None, m, n, k, 1f, a, k, b, n, 0f, c, n);
            Assert.All(c, x => Assert.True(float.IsFinite(x)));
            var expected = GemmOracle.Product(Transpose.None, Transpose.None, m, n, k, 1.0, a, k, b, n, 0.0, new float[m * n], n);
            GemmOracle.AssertClose(expected, c, m, n, n, k, 1.0, a, b, 0.0);
        }
    }

    [Fact]
    public void AlphaZero_GivesBetaTimesC()
    {
        var a = GemmOracle.Random<double>(12 * 9, 1);
        var b = GemmOracle.Random<double>(9 * 10, 2);
        var c = GemmOracle.Random<double>(12 * 10, 3);
        var c0 = (double[])c.Clone();
        Compute(Transpose.None, Transpose.None, 12, 10, 9, 0.0, a, 9, b, 10, 0.5, c, 10);
        Assert.Equal(c0.Select(x => 0.5 * x), c);
    }

    [Fact]
    public void ZeroSizes()
    {
        var c = GemmOracle.Random<float>(6 * 5, 3);
        var c0 = (float[])c.Clone();
        Compute(Transpose.None, Transpose.None, 0, 5, 4, 1f, Array.Empty<float>(), 4, new float[20], 5, 0f, c, 5);
        Compute(Transpose.None, Transpose.None, 6, 0, 4, 1f, new float[24], 4, Array.Empty<float>(), 1, 0f, c, 5);
        Assert.Equal(c0, c);

        // k = 0: op(A)*op(B) is the zero matrix, so C = beta*C (and beta = 0 clears NaN)
        Compute(Transpose.None, Transpose.None, 6, 5, 0, 1f, Array.Empty<float>(), 1, Array.Empty<float>(), 5, 2f, c, 5);
        Assert.Equal(c0.Select(x => 2f * x), c);
        Array.Fill(c, float.NaN);
        Compute(Transpose.None, Transpose.None, 6, 5, 0, 1f, Array.Empty<float>(), 1, Array.Empty<float>(), 5, 0f, c, 5);
        Assert.All(c, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void OneAndTwoThreads_BitIdentical()
    {
        foreach (var ta in new[] { Transpose.None, Transpose.Transpose })
            foreach (var tb in new[] { Transpose.None, Transpose.Transpose })
            {
                ThreadsAgree<float>(ta, tb, 203, 301, 97);
                ThreadsAgree<double>(ta, tb, 301, 75, 230);
                ThreadsAgree<float>(ta, tb, 260, 530, 520);  // dynamic output tiles
                ThreadsAgree<double>(ta, tb, 250, 300, 530);
                ThreadsAgree<float>(ta, tb, 32, 100, 10);   // the small-product path
                ThreadsAgree<double>(ta, tb, 100, 10, 32);
            }
    }

    private void ThreadsAgree<T>(Transpose ta, Transpose tb, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, lda, b, ldb) = GemmOracle.Operands<T>(ta, tb, m, n, k, pad: 0, seed: 11);
        var c1 = GemmOracle.Random<T>(m * n, 12);
        var c2 = (T[])c1.Clone();
        T alpha = T.CreateChecked(0.5), beta = T.CreateChecked(-1.5);
        using (Parallelism.Limit(1)) Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c1, n);
        using (Parallelism.Limit(2)) Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c2, n);
        Assert.Equal(c1, c2);
    }

    private void Check<T>(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double beta, int pad, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, lda, b, ldb) = GemmOracle.Operands<T>(ta, tb, m, n, k, pad, seed);
        int ldc = n + pad;
        var c = GemmOracle.Random<T>(m * ldc, seed + 2);
        var expected = GemmOracle.Product(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        var cBefore = (T[])c.Clone();
        Compute(ta, tb, m, n, k, T.CreateChecked(alpha), a, lda, b, ldb, T.CreateChecked(beta), c, ldc);
        GemmOracle.AssertClose(expected, c, m, n, ldc, k, alpha, a, b, beta, $"{ta}/{tb} {m}x{n}x{k}");
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++) Assert.Equal(cBefore[i * ldc + j], c[i * ldc + j]); // padding untouched
    }
}

public sealed class GemmReferenceTests : GemmSuite
{
    protected override void Compute<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        => GemmReference.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/// <summary>The fast GEMM with its best micro-kernel on this machine.</summary>
public sealed class GemmFastTests : GemmSuite
{
    protected override void Compute<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        => Gemm.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/// <summary>The fast GEMM forced onto the AVX2 kernel (runs the best available if AVX2 is missing).</summary>
public sealed class GemmAvx2Tests : GemmSuite
{
    protected override void Compute<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        Gemm.IsaOverride = GemmIsa.Avx2;
        try { Gemm.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        finally { Gemm.IsaOverride = null; }
    }
}

/// <summary>The fast GEMM forced onto the portable scalar kernel.</summary>
public sealed class GemmScalarTests : GemmSuite
{
    protected override void Compute<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        Gemm.IsaOverride = GemmIsa.Scalar;
        try { Gemm.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        finally { Gemm.IsaOverride = null; }
    }
}

/// <summary>
/// The fast GEMM blocked for tiny caches (KC 64, MC 96, NC 96 for float; KC 32, MC 96, NC 96 for double
/// with the AVX-512 kernels), so the suite's odd shapes cross many k, m and n blocks.
/// </summary>
public sealed class GemmTinyBlockingTests : GemmSuite
{
    /// <summary>L1 8 KiB 4-way, L2 64 KiB 8-way, L3 32 KiB 4-way (64-byte lines; the A block does not fit L3).</summary>
    internal static readonly CacheGeometry Tiny = new(new CacheLevel(8192, 4, 64), new CacheLevel(65536, 8, 64),
        new CacheLevel(32768, 4, 64), "test");

    [Fact]
    public void TinyBlocking_IsSmall()
    {
        // KC = 1*2048/(8*S); MC = (8 - 1 - 1)/2*8192/(KC*S) = 96;
        // NC = min((8 - 1 - 3)*8192/(KC*S) = 128, L3: C_Bc = 4 - 1 = 3, 3*8192/(KC*S) = 96) = 96
        Assert.Equal(new GemmBlocking(8, 32, 64, 96, 96), GemmBlocking.Model(Tiny, 8, 32, 4));
        Assert.Equal(new GemmBlocking(8, 16, 32, 96, 96), GemmBlocking.Model(Tiny, 8, 16, 8));
    }

    protected override void Compute<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        Gemm.CachesOverride = Tiny;
        try { Gemm.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        finally { Gemm.CachesOverride = null; }
    }
}

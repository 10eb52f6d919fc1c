using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// Threads work column slabs with panels of their own and help with each other's (B packed), or share each B panel
/// and take row bands (and strips) under it dynamically (B streamed in place); k is never split,
/// so C is bit-identical on 1, 2 and 3 threads, for single and batched products, float and double, every
/// transpose, on the host's blocking and on a tiny one (many k, m and n blocks).
/// </summary>
public sealed class GemmThreadsTests
{
    /// <summary>Shapes above the parallel threshold (256*256*64) with edges in m, n and k, plus some below.</summary>
    private static IEnumerable<(int M, int N, int K)> Shapes()
    {
        var rng = new Random(17);
        for (int s = 0; s < 24; s++)
            yield return (rng.Next(60, 700), rng.Next(60, 700), rng.Next(40, 600));
        yield return (1024, 200, 300);
        yield return (130, 1500, 70);
        yield return (257, 255, 65);
        yield return (33, 2000, 200);
        yield return (2001, 37, 300);   // m not a multiple of MC or MR, one partial panel
        yield return (3000, 5, 400);    // n below one register tile
        yield return (200, 200, 3000);  // many k blocks under few bands: units wait on the previous k block
        yield return (150, 1001, 300);  // B streamed in place (m <= 192) with a partial last sliver per panel
        yield return (600, 1100, 97);   // several panels, one k block
    }

    [Fact]
    public void ManyShapes_Float_BitIdentical() => AllShapes<float>(caches: null);

    [Fact]
    public void ManyShapes_Double_BitIdentical() => AllShapes<double>(caches: null);

    [Fact]
    public void ManyShapes_TinyBlocking_BitIdentical()
    {
        AllShapes<float>(GemmTinyBlockingTests.Tiny);
        AllShapes<double>(GemmTinyBlockingTests.Tiny);
    }

    [Theory]
    [InlineData(40, 64, 96, 80)]
    [InlineData(7, 200, 130, 300)]
    [InlineData(100, 32, 100, 10)]
    [InlineData(3, 300, 520, 257)]
    [InlineData(1, 300, 520, 257)]   // one member: the product itself runs on the threads
    [InlineData(2, 700, 64, 300)]
    public void Batched_BitIdenticalAcrossThreads_AndEqualToSingles(int batch, int m, int n, int k)
    {
        Batched<float>(batch, m, n, k);
        Batched<double>(batch, m, n, k);
    }

    private static void AllShapes<T>(CacheGeometry? caches) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        foreach (var (m, n, k) in Shapes())
        {
            var ta = i % 2 == 0 ? Transpose.None : Transpose.Transpose;
            var tb = i / 2 % 2 == 0 ? Transpose.None : Transpose.Transpose;
            var (a, lda, b, ldb) = GemmOracle.Operands<T>(ta, tb, m, n, k, pad: i % 3, seed: i);
            T beta = i % 4 == 3 ? T.One : T.Zero;
            var c0 = GemmOracle.Random<T>(m * n, 100 + i);
            T[] one = Run(1), two = Run(2), three = Run(3);
            Assert.True(one.AsSpan().SequenceEqual(two), $"{typeof(T).Name} {ta}/{tb} {m}x{n}x{k}: 1 vs 2 threads");
            Assert.True(one.AsSpan().SequenceEqual(three), $"{typeof(T).Name} {ta}/{tb} {m}x{n}x{k}: 1 vs 3 threads");
            i++;

            T[] Run(int threads)
            {
                var c = (T[])c0.Clone();
                using var scope = Parallelism.Limit(threads);
                Gemm.CachesOverride = caches;
                try { Gemm.Compute(ta, tb, m, n, k, T.CreateChecked(0.75), a, lda, b, ldb, beta, c, n); }
                finally { Gemm.CachesOverride = null; }
                return c;
            }
        }
    }

    private static void Batched<T>(int batch, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = GemmOracle.Random<T>(batch * m * k, 1);
        var b = GemmOracle.Random<T>(batch * k * n, 2);
        var c0 = GemmOracle.Random<T>(batch * m * n, 3);
        T[] Run(int threads)
        {
            var c = (T[])c0.Clone();
            using var scope = Parallelism.Limit(threads);
            Gemm.ComputeBatched(Transpose.None, Transpose.Transpose, batch, m, n, k, T.One, a, k, m * k, b, k, k * n,
                T.CreateChecked(0.5), c, n, m * n);
            return c;
        }

        T[] one = Run(1), two = Run(2);
        Assert.True(one.AsSpan().SequenceEqual(two), $"{typeof(T).Name} batch {batch} {m}x{n}x{k}");
        var singles = (T[])c0.Clone();
        using (Parallelism.Limit(2))
            for (int i = 0; i < batch; i++)
                Gemm.Compute(Transpose.None, Transpose.Transpose, m, n, k, T.One, a.AsSpan(i * m * k), k, b.AsSpan(i * k * n), k,
                    T.CreateChecked(0.5), singles.AsSpan(i * m * n), n);
        Assert.True(one.AsSpan().SequenceEqual(singles), $"{typeof(T).Name} batch {batch} {m}x{n}x{k}: batched vs singles");
    }
}

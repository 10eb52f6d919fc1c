using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// A product cut into column slabs (GemmSlabs), each slab its own work list, finishes and gives the serial driver's
/// bits whatever number of threads turns up: the calling thread alone works every slab (a helper that never came),
/// as many participants as slabs, and more than slabs (the latecomers join lists already under way); B as stored
/// and transposed, slabs whose width is not a multiple of NR's panels. Which products are cut so is pinned too.
/// </summary>
public sealed class GemmSlabsTests
{
    [Theory]
    [InlineData(300, 500, 600, 2, 1, false)]
    [InlineData(300, 500, 600, 2, 2, false)]
    [InlineData(300, 500, 600, 2, 4, true)]
    [InlineData(250, 700, 130, 3, 1, true)]
    [InlineData(250, 700, 130, 3, 3, false)]
    [InlineData(1000, 300, 300, 2, 3, false)]
    [InlineData(100, 1100, 400, 4, 2, true)]
    public void AnyNumberOfParticipants_FinishesWithTheSerialBits(int m, int n, int k, int slabs, int participants, bool transB)
    {
        Check<float, GemmKernelScalar<float>>(m, n, k, slabs, participants, transB);
        Check<double, GemmKernelScalar<double>>(m, n, k, slabs, participants, transB);
    }

    [Fact]
    public unsafe void Applies_WherePanelsArePackedAndEachSlabIsAtLeastMinColsWide()
    {
        static GemmProblem<float> Problem(int m, int n, Transpose tb) => new(Transpose.None, tb, m, n, 64, 1f,
            null, 64, null, tb == Transpose.None ? n : 64, 0f, null, n);

        Assert.True(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(1024, 1024, Transpose.None), 2));
        Assert.True(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(193, 2 * GemmTiles.MinCols, Transpose.None), 2));
        // B streamed in place (m <= 192, rows contiguous, not 4 KiB apart): no panels to keep, one shared list
        Assert.False(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(192, 1000, Transpose.None), 2));
        // transposed B is always packed, whatever m
        Assert.True(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(64, 1000, Transpose.Transpose), 2));
        // slabs narrower than MinCols, and one thread
        Assert.False(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(1024, 2 * GemmTiles.MinCols - 1, Transpose.None), 2));
        Assert.False(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(1024, 3 * GemmTiles.MinCols - 1, Transpose.None), 3));
        Assert.False(GemmSlabs<float, GemmKernelScalar<float>>.Applies(Problem(1024, 1024, Transpose.None), 1));
    }

    private static unsafe void Check<T, TK>(int m, int n, int k, int slabs, int participants, bool transB)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmKernel<T>
    {
        // the tiny blocking: many k blocks, panels and bands in each slab
        GemmBlocking blocking = GemmBlocking.Model(GemmTinyBlockingTests.Tiny, TK.MR, TK.NR, sizeof(T));
        var tb = transB ? Transpose.Transpose : Transpose.None;
        var (a, lda, b, ldb) = GemmOracle.Operands<T>(Transpose.None, tb, m, n, k, pad: 1, seed: 5);
        var serial = GemmOracle.Random<T>(m * n, 3);
        var slabbed = (T[])serial.Clone();
        T alpha = T.CreateChecked(0.75), beta = T.CreateChecked(-0.5);
        fixed (T* pa = a, pb = b, ps = serial, pq = slabbed)
        {
            var p = new GemmProblem<T>(Transpose.None, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pq, n);
            GemmDriver<T, TK>.Serial(blocking, m, n, k, alpha, pa, p.Ars, p.Acs, pb, p.Brs, p.Bcs, beta, ps, n, farC: false);
            // a small ring (several groups per panel in each slab) and C's prefetch on: neither changes arithmetic
            var work = new GemmSlabs<T, TK>(blocking, p, slabs, farC: true, ringBytes: 64L << 10);
            // on threads of their own (one participant too), so that a wait on a later item fails the test instead of hanging it
            var workers = Enumerable.Range(0, participants).Select(_ => new Thread(work.Work)).ToArray();
            foreach (var w in workers) w.Start();
            Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(60)), "a worker did not finish"));
            Assert.True(work.Finished);
        }

        Assert.True(serial.AsSpan().SequenceEqual(slabbed), $"{typeof(T).Name} {m}x{n}x{k} in {slabs} slabs on {participants}");
    }
}

using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// The shared-panel work list (GemmPanelQueue) finishes and gives the serial driver's bits whatever number of
/// threads actually turns up: a list built for 2 or 3 threads, worked by the calling thread alone (a thread
/// pool that supplies no second thread), and by 4 threads racing on it; with every k block of a panel in one
/// group (the ring holds them), with one k block a group, and with groups of two (a partial last group).
/// </summary>
public sealed class GemmPanelQueueTests
{
    /// <summary>Groups of every k block (the ring's default size), of one, and of two k blocks.</summary>
    public enum Grouping { AllKBlocks, One, Two }

    // participants 1: the calling thread alone works a list built for 2 or 3; 4: more threads than planned, racing
    [Theory]
    [InlineData(300, 500, 600, 2, 1, Grouping.AllKBlocks)]
    [InlineData(300, 500, 600, 2, 1, Grouping.One)]
    [InlineData(300, 500, 600, 2, 1, Grouping.Two)]
    [InlineData(130, 1500, 70, 3, 1, Grouping.AllKBlocks)]
    [InlineData(100, 100, 1200, 2, 1, Grouping.AllKBlocks)]
    [InlineData(100, 100, 1200, 2, 1, Grouping.One)]
    [InlineData(300, 500, 600, 2, 4, Grouping.AllKBlocks)]
    [InlineData(300, 500, 600, 2, 4, Grouping.One)]
    [InlineData(300, 500, 600, 3, 4, Grouping.Two)]
    [InlineData(1000, 77, 300, 2, 4, Grouping.AllKBlocks)]
    [InlineData(1000, 77, 300, 2, 4, Grouping.Two)]
    public void AnyNumberOfParticipants_FinishesWithTheSerialBits(int m, int n, int k, int threads, int participants, Grouping grouping)
    {
        Check<float, GemmKernelScalar<float>>(m, n, k, threads, participants, grouping);
        Check<double, GemmKernelScalar<double>>(m, n, k, threads, participants, grouping);
    }

    private static unsafe void Check<T, TK>(int m, int n, int k, int threads, int participants, Grouping grouping)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmKernel<T>
    {
        // the tiny blocking: many k blocks, panels and bands
        GemmBlocking blocking = GemmBlocking.Model(GemmTinyBlockingTests.Tiny, TK.MR, TK.NR, sizeof(T));
        var a = GemmOracle.Random<T>(m * k, 1);
        var b = GemmOracle.Random<T>(k * n, 2);
        var serial = GemmOracle.Random<T>(m * n, 3);
        var shared = (T[])serial.Clone();
        T alpha = T.CreateChecked(0.75), beta = T.CreateChecked(-0.5);
        fixed (T* pa = a, pb = b, ps = serial, pq = shared)
        {
            var p = new GemmProblem<T>(Transpose.None, Transpose.None, m, n, k, alpha, pa, k, pb, n, beta, pq, n);
            GemmDriver<T, TK>.Serial(blocking, m, n, k, alpha, pa, k, 1, pb, n, 1, beta, ps, n, farC: false);
            GemmTiles tiles = GemmPanelQueue<T, TK>.Grid(blocking, m, n, threads);
            Assert.True(tiles.Count > 1, $"{tiles}");
            var whole = new GemmPanelQueue<T, TK>(blocking, p, tiles, threads, farC: false);
            var (_, kBlocks, _, panelBytes) = whole.Shape;
            Assert.True(grouping == Grouping.AllKBlocks || kBlocks >= 3, $"{kBlocks} k blocks");
            long ringBytes = grouping switch
            {
                Grouping.One => panelBytes,
                Grouping.Two => 4 * panelBytes,
                _ => GemmPanelQueue<T, TK>.RingBytes,
            };
            // prefetching C's tiles on a group's first k block changes no arithmetic: compared with the serial path without
            var queue = new GemmPanelQueue<T, TK>(blocking, p, tiles, threads, farC: true, ringBytes);
            int expected = grouping switch { Grouping.One => 1, Grouping.Two => 2, _ => kBlocks };
            Assert.Equal(expected, queue.Shape.Group);
            // on threads of their own (one participant too), so that a wait on a later item fails the test instead of hanging it
            var workers = Enumerable.Range(0, participants).Select(_ => new Thread(queue.Work)).ToArray();
            foreach (var w in workers) w.Start();
            Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(60)), "a worker did not finish"));
        }

        Assert.True(serial.AsSpan().SequenceEqual(shared), $"{typeof(T).Name} {m}x{n}x{k} on {participants}");
    }
}

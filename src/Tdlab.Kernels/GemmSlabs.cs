using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// One product cut into column slabs of C, one per thread, each a <see cref="GemmPanelQueue{T, TK}"/> of its own
/// (its own B panels, its own ring of buffers): a participant works the slab it arrived for first, then joins the
/// others' lists, so on a free machine each core multiplies the panels it packed itself, and when the host slows one
/// core the other takes over the rest of its slab, unit by unit. Every list is whole on its own (any participant may
/// claim any item), so the product finishes with whoever turns up, and the bits of C are those of the serial driver
/// (the slab boundaries are multiples of NR, and k is blocked the same way in every slab).
/// </summary>
/// <remarks>
/// Measured 2026-12-02 on two free cores, one process alternating 0.1 s slices of each way (median ratio to the one
/// shared list over row bands, pairs faster): sgemm 1024 1.12-1.14 (52 of 52, 69 of 73), 2048 1.05-1.07, 512 1.20,
/// 256 1.25, dgemm 512 1.02, dgemm 1024 1.00 with a whole ring per slab and 1.03 (56 of 64) with the ring split between
/// the slabs as here (the bench against the peer read two-thread dgemm 1024 0.94 before, 1.11 after); training shapes with B packed (784 x 256 x 128 TN, 128 x 784 x 256 NT)
/// 1.02-1.04; with one core loaded by another process about equal (1.02 at 1024, 0.99 at 256). Where B is streamed in
/// place (m at most 192) slabs lost up to 10% (128 x 256 x 784), and slabs one sliver wide 2%: hence
/// <see cref="Applies"/>. Why private panels help this much is not established (a group's panels, 2 MiB at sgemm
/// 1024, do not fit one core's L2 either way).
/// </remarks>
internal sealed class GemmSlabs<T, TK> : ISharedWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmKernel<T>
{
    private readonly GemmPanelQueue<T, TK>[] _slabs;
    private int _arrivals = -1;

    /// <summary>
    /// Slabs where B is packed (its panels are what a core keeps to itself) and each slab is at least
    /// <see cref="GemmTiles.MinCols"/> wide; otherwise the threads share one list over row bands.
    /// </summary>
    public static bool Applies(in GemmProblem<T> p, int threads)
        => threads > 1 && GemmBlocking.PackB<T>(p.M, p.Brs, p.Bcs) && p.N >= threads * GemmTiles.MinCols;

    /// <summary>
    /// Product p cut into <paramref name="slabs"/> column slabs of whole NR slivers, one per thread; each slab's list
    /// is cut into units for that many threads (<see cref="GemmPanelQueue{T, TK}.Grid"/>), since all may end up on it.
    /// </summary>
    public GemmSlabs(GemmBlocking blocking, in GemmProblem<T> p, int slabs, bool farC,
        long ringBytes = GemmPanelQueue<T, TK>.RingBytes)
    {
        _slabs = new GemmPanelQueue<T, TK>[slabs];
        for (int s = 0; s < slabs; s++)
        {
            var (j0, width) = GemmTiles.Part(p.N, TK.NR, slabs, s);
            var slab = p.Block(0, p.M, j0, width);
            var tiles = GemmPanelQueue<T, TK>.Grid(blocking, p.M, width, slabs);
            _slabs[s] = new GemmPanelQueue<T, TK>(blocking, slab, tiles, 1, farC, ringBytes / slabs, buffer: s);
        }
    }

    public bool Finished
    {
        get
        {
            foreach (var slab in _slabs)
                if (!slab.Finished) return false;
            return true;
        }
    }

    /// <summary>The participant's own slab (in order of arrival), then every other slab's remaining items.</summary>
    public void Work()
    {
        int own = Interlocked.Increment(ref _arrivals) % _slabs.Length;
        for (int i = 0; i < _slabs.Length; i++) _slabs[(own + i) % _slabs.Length].Work();
    }
}

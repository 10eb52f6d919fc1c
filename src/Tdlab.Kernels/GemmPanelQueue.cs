using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tdlab.Kernels;

/// <summary>
/// One product on several threads that share the packed panels of B, after BLIS's ic-loop parallelism
/// (Smith, van de Geijn, Smelyanskiy, Hammond, Van Zee, "Anatomy of High-Performance Many-Threaded Matrix
/// Multiplication", IPDPS 2014): the loop nest of <see cref="GemmDriver{T, TK}"/> with its (jc, pc) panels, each
/// packed once, multiplied by row bands of A (<see cref="GemmTiles"/>). Panels are packed a group at a time: a
/// group is G consecutive k blocks of one jc (all of them when the ring of buffers holds them), and a unit runs
/// its band through the whole group, k blocks in order:
/// <code>
/// work list: group 0: fill 0 .. fill F-1, unit 0 .. unit U-1 | group 1: fills, units | ...   (group b = (jc, g), g inner)
/// fill f of group b   packs its share of the group's panels into ring slot b mod R;  waits: every unit of group b-R done
/// unit u of group b   C[band, strip] += A[band, k blocks of g] * panels of g;       waits: group b filled, unit u of
///                                                                                   group g-1 of the same jc done
/// </code>
/// Threads claim the list's items in order from one counter; there is no barrier. When one group holds every k block
/// (G = kBlocks), units depend on nothing but their group's fills, so a thread the host preempts while it holds a unit
/// holds up nobody until the other has run R - 1 groups ahead; with one k block per group (the list as first built)
/// the next group's unit u waited for it at once. Every item waits only for items earlier in the list, all already
/// claimed by running threads, so the list always progresses, whether the pool supplies all the threads or only the
/// caller. Each element of C still receives its k blocks in order, each one FMA chain of the same micro-kernel: C is
/// bit-identical to <see cref="GemmDriver{T, TK}.Serial"/>.
/// </summary>
internal sealed unsafe class GemmPanelQueue<T, TK> : ISharedWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmKernel<T>
{
    /// <summary>
    /// Bytes the ring of packed panels may take (per thread that starts a product, kept between products): 8 MiB,
    /// a quarter of this machine's L3. Two slots of a group must fit, so on this host (panels of 512 KiB) a group holds up to
    /// 8 k blocks: all of them for K up to 2048 in float (KC 256) and 1536 in double (KC 192).
    /// </summary>
    public const long RingBytes = 8L << 20;

    private readonly GemmProblem<T> _p;
    private readonly GemmBlocking _blocking;
    private readonly GemmTiles _tiles;
    private readonly bool _packB, _farC;
    private readonly int _nPanels, _kBlocks, _group, _groupsPerPanel, _ring, _slivers, _fills, _perGroup, _total, _bandRows;
    private readonly long _panelLength;
    private readonly T* _ringBuffer;
    private readonly int[] _filled, _computed, _groupsDone;
    private int _next = -1, _done;

    /// <summary>k blocks per group (G), their count (kBlocks), ring slots (R) and one panel's bytes in a slot.</summary>
    public (int Group, int KBlocks, int Ring, long PanelBytes) Shape => (_group, _kBlocks, _ring, _panelLength * sizeof(T));

    /// <summary>The per-panel grid of units for this product on <paramref name="threads"/> threads.</summary>
    public static GemmTiles Grid(GemmBlocking blocking, int m, int n, int threads)
    {
        int nr = TK.NR, nPanels = (n + blocking.NC - 1) / blocking.NC;
        int widest = Math.Min(n, ((n + nr - 1) / nr + nPanels - 1) / nPanels * nr);
        return GemmTiles.For(m, widest, TK.MR, nr, blocking.MC, threads);
    }

    /// <summary>
    /// The work list of product p with units <paramref name="tiles"/> (from <see cref="Grid"/>); its ring of panel
    /// buffers takes at most <paramref name="ringBytes"/> (tests pass less to force several groups per panel). farC
    /// (<see cref="GemmDriver{T, TK}.FarC"/>): a unit prefetches C's tiles on its group's first k block, where its band
    /// of C comes from beyond L2 (the later k blocks find it in L2). <paramref name="buffer"/>: which of the calling
    /// thread's ring buffers (<see cref="GemmSlabs{T, TK}"/> gives each of its lists its own).
    /// </summary>
    public GemmPanelQueue(GemmBlocking blocking, in GemmProblem<T> p, GemmTiles tiles, int threads, bool farC,
        long ringBytes = RingBytes, int buffer = 0)
    {
        _farC = farC;
        _p = p;
        _blocking = blocking;
        _tiles = tiles;
        int nr = TK.NR;
        _packB = GemmBlocking.PackB<T>(p.M, p.Brs, p.Bcs);
        _nPanels = (p.N + blocking.NC - 1) / blocking.NC;
        _kBlocks = (p.K + blocking.KC - 1) / blocking.KC;
        _slivers = (tiles.Cols + nr - 1) / nr;
        // one panel's share of a slot, 64-byte aligned; G k blocks a group, so that two slots fit the ring; R slots
        _panelLength = (GemmPanel<T>.BufferLength(_packB, tiles.Cols, Math.Min(blocking.KC, p.K), nr) + 15) / 16 * 16;
        long panelBytes = _panelLength * sizeof(T);
        _group = (int)Math.Clamp(ringBytes / (2 * panelBytes), 1, _kBlocks);
        _groupsPerPanel = (_kBlocks + _group - 1) / _group;
        int groups = _nPanels * _groupsPerPanel;
        _ring = (int)Math.Clamp(ringBytes / (_group * panelBytes), Math.Min(2, groups), groups);
        _fills = _packB ? Math.Min(_group * _slivers, 2 * threads) : 1;
        _perGroup = _fills + tiles.Count;
        _total = groups * _perGroup;
        _bandRows = GemmTiles.Part(p.M, TK.MR, tiles.Bands, 0).Length + TK.MR;
        _filled = new int[groups];
        _computed = new int[groups];
        _groupsDone = new int[_nPanels * tiles.Count];
        _ringBuffer = GemmBuffers<T>.SharedPanels(checked((int)(_ring * _group * _panelLength)), buffer);
    }

    /// <summary>Every item of the list has run.</summary>
    public bool Finished => Volatile.Read(ref _done) == _total;

    /// <summary>Claims and runs items until the list is exhausted; every participating thread calls this once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Work()
    {
        int item = Interlocked.Increment(ref _next);
        if (item >= _total) return;                  // a pool thread that came after the list ran out takes no buffer
        T* tile = stackalloc T[TK.MR * TK.NR];
        T* bufA = GemmDriver<T, TK>.BufferA(_bandRows, Math.Min(_blocking.KC, _p.K));
        for (; item < _total; item = Interlocked.Increment(ref _next))
        {
            Run(item, bufA, tile);
            Interlocked.Increment(ref _done);
        }
    }

    private void Run(int item, T* bufA, T* tile)
    {
        int b = item / _perGroup, r = item % _perGroup;
        int jq = b / _groupsPerPanel, g = b % _groupsPerPanel, nr = TK.NR;
        int kb0 = g * _group, kb1 = Math.Min(_kBlocks, kb0 + _group);
        var (jc, nc) = GemmTiles.Part(_p.N, nr, _nPanels, jq);
        T* slot = _ringBuffer + b % _ring * _group * _panelLength;
        if (r < _fills)
        {
            if (b >= _ring) WaitFor(ref _computed[b - _ring], _tiles.Count);
            // fill r packs slivers [first, end) of the group's panels laid end to end (k block by k block)
            var (first, count) = GemmTiles.Part((kb1 - kb0) * _slivers, 1, _fills, r);
            for (int kb = kb0 + first / _slivers, end = first + count; kb < kb1 && (kb - kb0) * _slivers < end; kb++)
            {
                int s0 = (kb - kb0) * _slivers;
                var panel = PanelOf(slot, kb0, kb, jc, nc, out T* bSrc);
                panel.Fill(bSrc, _p.Brs, _p.Bcs, Math.Max(0, first - s0), Math.Min(_slivers, end - s0));
            }
            Interlocked.Increment(ref _filled[b]);
            return;
        }

        int u = r - _fills;
        ref int done = ref _groupsDone[jq * _tiles.Count + u];
        WaitFor(ref _filled[b], _fills);
        WaitFor(ref done, g);
        var (i0, rows, j0, width) = _tiles.Unit(u, nc);
        if (rows > 0 && width > 0)
            for (int kb = kb0; kb < kb1; kb++)
            {
                var panel = PanelOf(slot, kb0, kb, jc, nc, out _);
                GemmDriver<T, TK>.Block(panel, j0, j0 + width, rows, _p.A + i0 * _p.Ars + kb * _blocking.KC * _p.Acs, _p.Ars, _p.Acs,
                    bufA, tile, _p.C + i0 * _p.Ldc + jc, _p.Ldc, _p.Alpha, kb == 0 ? _p.Beta : T.One, kb == 0 && _p.Beta == T.Zero,
                    _farC && kb == kb0);
            }
        Volatile.Write(ref done, g + 1);
        Interlocked.Increment(ref _computed[b]);
    }

    /// <summary>The panel of k block kb (of a group starting at kb0, packed into slot) and its source in B.</summary>
    private GemmPanel<T> PanelOf(T* slot, int kb0, int kb, int jc, int nc, out T* bSrc)
    {
        int pc = kb * _blocking.KC, kc = Math.Min(_blocking.KC, _p.K - pc);
        bSrc = _p.B + pc * _p.Brs + jc * _p.Bcs;
        return GemmPanel<T>.Over(_packB, slot + (kb - kb0) * _panelLength, bSrc, _p.Brs, kc, nc, TK.NR);
    }

    /// <summary>Spins, then yields, until counter reaches target (never sleeps: an item takes microseconds to a millisecond).</summary>
    private static void WaitFor(ref int counter, int target)
    {
        if (Volatile.Read(ref counter) >= target) return;
        var spin = new SpinWait();
        while (Volatile.Read(ref counter) < target) spin.SpinOnce(sleep1Threshold: -1);
    }
}

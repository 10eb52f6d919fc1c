using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tdlab.Kernels;

/// <summary>
/// One product on several threads that share each packed B panel, after BLIS's ic-loop parallelism
/// (Smith, van de Geijn, Smelyanskiy, Hammond, Van Zee, "Anatomy of High-Performance Many-Threaded Matrix
/// Multiplication", IPDPS 2014): the loop nest of <see cref="GemmDriver{T, TK}"/> with its (jc, pc) panels in
/// the same order, each panel packed once and then multiplied by row bands of A (<see cref="GemmTiles"/>).
/// <code>
/// work list: panel 0: fill 0 .. fill F-1, unit 0 .. unit U-1 | panel 1: fills, units | ...   (panel q = (jc, pc), pc inner)
/// fill f of panel q   packs slivers f*S/F .. (f+1)*S/F - 1 into buffer q mod 2;  waits: every unit of panel q-2 done
/// unit u of panel q   C[band, strip] += A[band, pc block] * panel;             waits: panel q filled, unit u of the
///                                                                               previous pc block of the same jc done
/// </code>
/// Threads claim the list's items in order from one counter. A thread that finishes panel q early packs q + 1 into
/// the other buffer instead of waiting, so there is no barrier; a core the host slows takes fewer units. Every
/// item waits only for items earlier in the list, all already claimed by running threads, so the list always
/// progresses, whether the pool supplies all the threads or only the caller. Each element of C still receives its
/// k blocks in order, each one FMA chain of the same micro-kernel: C is bit-identical to <see cref="GemmDriver{T, TK}.Serial"/>.
/// </summary>
internal sealed unsafe class GemmPanelQueue<T, TK>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmKernel<T>
{
    private readonly GemmProblem<T> _p;
    private readonly GemmBlocking _blocking;
    private readonly GemmTiles _tiles;
    private readonly bool _packB;
    private readonly int _nPanels, _kBlocks, _fills, _perPanel, _total, _bandRows;
    private readonly T* _buffer0, _buffer1;
    private readonly int[] _filled, _computed, _kBlocksDone;
    private int _next = -1;

    /// <summary>The per-panel grid of units for this product on <paramref name="threads"/> threads.</summary>
    public static GemmTiles Grid(GemmBlocking blocking, int m, int n, int threads)
    {
        int nr = TK.NR, nPanels = (n + blocking.NC - 1) / blocking.NC;
        int widest = Math.Min(n, ((n + nr - 1) / nr + nPanels - 1) / nPanels * nr);
        return GemmTiles.For(m, widest, TK.MR, nr, blocking.MC, threads);
    }

    /// <summary>The work list of product p with units <paramref name="tiles"/> (from <see cref="Grid"/>).</summary>
    public GemmPanelQueue(GemmBlocking blocking, in GemmProblem<T> p, GemmTiles tiles, int threads)
    {
        _p = p;
        _blocking = blocking;
        _tiles = tiles;
        int nr = TK.NR;
        _packB = GemmBlocking.PackB<T>(p.M, p.Brs, p.Bcs);
        _nPanels = (p.N + blocking.NC - 1) / blocking.NC;
        _kBlocks = (p.K + blocking.KC - 1) / blocking.KC;
        _fills = _packB ? Math.Min((tiles.Cols + nr - 1) / nr, 2 * threads) : 1;
        _perPanel = _fills + tiles.Count;
        _total = _nPanels * _kBlocks * _perPanel;
        _bandRows = GemmTiles.Part(p.M, TK.MR, tiles.Bands, 0).Length + TK.MR;
        _filled = new int[_nPanels * _kBlocks];
        _computed = new int[_nPanels * _kBlocks];
        _kBlocksDone = new int[_nPanels * tiles.Count];

        // two panel buffers on the calling thread, each 64-byte aligned
        int length = (GemmPanel<T>.BufferLength(_packB, tiles.Cols, Math.Min(blocking.KC, p.K), nr) + 15) / 16 * 16;
        _buffer0 = GemmBuffers<T>.SharedPanels(2 * length);
        _buffer1 = _buffer0 + length;
    }

    /// <summary>Claims and runs items until the list is exhausted; every participating thread calls this once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Work()
    {
        int item = Interlocked.Increment(ref _next);
        if (item >= _total) return;                  // a pool thread that came after the list ran out takes no buffer
        T* tile = stackalloc T[TK.MR * TK.NR];
        T* bufA = GemmDriver<T, TK>.BufferA(_bandRows, Math.Min(_blocking.KC, _p.K));
        for (; item < _total; item = Interlocked.Increment(ref _next))
            Run(item, bufA, tile);
    }

    private void Run(int item, T* bufA, T* tile)
    {
        int q = item / _perPanel, r = item % _perPanel;
        int jq = q / _kBlocks, kq = q % _kBlocks, nr = TK.NR;
        var (jc, nc) = GemmTiles.Part(_p.N, nr, _nPanels, jq);
        int pc = kq * _blocking.KC, kc = Math.Min(_blocking.KC, _p.K - pc);
        T* bSrc = _p.B + pc * _p.Brs + jc * _p.Bcs;
        var panel = GemmPanel<T>.Over(_packB, (q & 1) == 0 ? _buffer0 : _buffer1, bSrc, _p.Brs, kc, nc, nr);
        if (r < _fills)
        {
            if (q >= 2) WaitFor(ref _computed[q - 2], _tiles.Count);
            var (first, count) = GemmTiles.Part((nc + nr - 1) / nr, 1, _fills, r);
            panel.Fill(bSrc, _p.Brs, _p.Bcs, first, first + count);
            Interlocked.Increment(ref _filled[q]);
            return;
        }

        int u = r - _fills;
        ref int kDone = ref _kBlocksDone[jq * _tiles.Count + u];
        WaitFor(ref _filled[q], _fills);
        WaitFor(ref kDone, kq);
        var (i0, rows, j0, width) = _tiles.Unit(u, nc);
        if (rows > 0 && width > 0)
            GemmDriver<T, TK>.Block(panel, j0, j0 + width, rows, _p.A + i0 * _p.Ars + pc * _p.Acs, _p.Ars, _p.Acs,
                bufA, tile, _p.C + i0 * _p.Ldc + jc, _p.Ldc, _p.Alpha, kq == 0 ? _p.Beta : T.One, kq == 0 && _p.Beta == T.Zero);
        Volatile.Write(ref kDone, kq + 1);
        Interlocked.Increment(ref _computed[q]);
    }

    /// <summary>Spins, then yields, until counter reaches target (never sleeps: an item is tens of microseconds).</summary>
    private static void WaitFor(ref int counter, int target)
    {
        if (Volatile.Read(ref counter) >= target) return;
        var spin = new SpinWait();
        while (Volatile.Read(ref counter) < target) spin.SpinOnce(sleep1Threshold: -1);
    }
}

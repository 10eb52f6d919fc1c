using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// Products with m*n*k below this are small: the small-product path may take them (GemmSmall), and a batch
    /// of them with fewer multiply-adds in all runs on one thread.
    /// </summary>
    internal const long SmallProduct = 96L * 96 * 96;

    /// <summary>
    /// Products with m*n*k below this run on one thread: waking a second thread for each product costs more
    /// than it saves inside a training step (a 100-layer relu net of 64 x 128 x 128 products ran at 155 steps/s
    /// on two threads against 270 on one). From 128 x 128 x 128 (about 20 us on one core) two threads gain:
    /// measured 2026-12-02 on two free cores against 256 x 256 x 64, eight interleaved rounds, sgemm 128
    /// 289-363 GFLOP/s against 230-244 and the GRU step (64 x 128 x 384 gate products) 112-185 steps/s
    /// against 136-151 (lower in the two rounds where the host slowed a core), other rows unchanged.
    /// </summary>
    internal const long ParallelThreshold = 128L * 128 * 128;

    /// <summary>The widest micro-kernel this machine runs well.</summary>
    internal static readonly GemmIsa BestIsa =
        Vector512.IsHardwareAccelerated ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported ? GemmIsa.Avx2
        : GemmIsa.Scalar;

    [ThreadStatic] private static GemmIsa? _isaOverride;
    [ThreadStatic] private static CacheGeometry? _cachesOverride;

    /// <summary>Forces a narrower kernel on the calling thread (tests run every path); null = best.</summary>
    internal static GemmIsa? IsaOverride
    {
        get => _isaOverride;
        set => _isaOverride = value;
    }

    /// <summary>
    /// Blocks for these caches instead of the host's on the calling thread (tests run the model's blocking
    /// for other machines); null = the host's.
    /// </summary>
    internal static CacheGeometry? CachesOverride
    {
        get => _cachesOverride;
        set => _cachesOverride = value;
    }

    /// <summary>The blocking the fast GEMM uses on this host for element type T with its best kernel.</summary>
    public static GemmBlocking Blocking<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => BestIsa switch
        {
            GemmIsa.Avx512 => GemmBlockingOf<T, GemmKernel512<T>>.Value,
            GemmIsa.Avx2 => GemmBlockingOf<T, GemmKernel256<T>>.Value,
            _ => GemmBlockingOf<T, GemmKernelScalar<T>>.Value,
        };

    private static GemmIsa CurrentIsa => _isaOverride is { } isa && isa <= BestIsa ? isa : BestIsa;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dispatch<T>(in GemmProblem<T> p, int threads, GemmIsa isa, CacheGeometry? caches)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p.K == 0 || p.Alpha == T.Zero)
        {
            ScaleC(p);
            return;
        }

        if (isa == GemmIsa.Avx512 && GemmSmall.Applies(p))
        {
            GemmSmall.Run(p);
            return;
        }

        switch (isa)
        {
            case GemmIsa.Avx512: Run<T, GemmKernel512<T>>(p, threads, caches); break;
            case GemmIsa.Avx2: Run<T, GemmKernel256<T>>(p, threads, caches); break;
            default: Run<T, GemmKernelScalar<T>>(p, threads, caches); break;
        }
    }

    /// <summary>C = beta*C (k = 0 or alpha = 0: op(A)*op(B) is not read); beta = 0 writes zeros.</summary>
    private static unsafe void ScaleC<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p.Beta == T.One) return;
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<T>(p.C + i * p.Ldc, p.N);
            if (p.Beta == T.Zero) row.Clear();
            else foreach (ref T x in row) x *= p.Beta;
        }
    }

    /// <summary>
    /// Small products run serially. Larger ones are worked by the caller and the <see cref="GemmCrew"/>'s helpers:
    /// where B is packed, as <see cref="GemmSlabs{T, TK}"/> (a column slab of C per thread, each with its own B
    /// panels, then the others' leftovers); otherwise as one <see cref="GemmPanelQueue{T, TK}"/>, each B panel
    /// shared, the threads taking row bands under it from a shared counter. Either way, when the host steals time
    /// from one core the other takes more units instead of waiting. k is never split across threads and each
    /// element's k blocks are added in order, so the bits of C do not depend on the grid or the threads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<T, TK>(GemmProblem<T> p, int threads, CacheGeometry? caches)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmKernel<T>
    {
        GemmBlocking blocking = caches is null
            ? GemmBlockingOf<T, TK>.Value
            : GemmBlocking.Model(caches, TK.MR, TK.NR, sizeof(T));
        bool farC = GemmDriver<T, TK>.FarC(p.M, p.N, blocking, (caches ?? CacheGeometry.Host).L2);
        GemmTiles tiles = threads <= 1 || (long)p.M * p.N * p.K < ParallelThreshold
            ? default
            : GemmPanelQueue<T, TK>.Grid(blocking, p.M, p.N, threads);
        if (tiles.Count <= 1)
        {
            GemmDriver<T, TK>.Serial(blocking, p.M, p.N, p.K, p.Alpha, p.A, p.Ars, p.Acs, p.B, p.Brs, p.Bcs, p.Beta, p.C, p.Ldc, farC);
            return;
        }

        ISharedWork work = GemmSlabs<T, TK>.Applies(p, threads)
            ? new GemmSlabs<T, TK>(blocking, p, threads, farC)
            : new GemmPanelQueue<T, TK>(blocking, p, tiles, threads, farC);
        GemmCrew.Run(work, Math.Min(threads, tiles.Count));
    }
}

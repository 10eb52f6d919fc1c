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
    /// on two threads against 270 on one; 128 x 128 x 128 alone gains 1.3x only when called back to back).
    /// </summary>
    internal const long ParallelThreshold = 256L * 256 * 64;

    /// <summary>The widest micro-kernel this machine runs well.</summary>
    internal static readonly GemmIsa BestIsa =
        Vector512.IsHardwareAccelerated ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported ? GemmIsa.Avx2
        : GemmIsa.Scalar;

    [ThreadStatic] private static GemmIsa? _isaOverride;

    /// <summary>Forces a narrower kernel on the calling thread (tests run every path); null = best.</summary>
    internal static GemmIsa? IsaOverride
    {
        get => _isaOverride;
        set => _isaOverride = value;
    }

    private static GemmIsa CurrentIsa => _isaOverride is { } isa && isa <= BestIsa ? isa : BestIsa;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dispatch<T>(in GemmProblem<T> p, int threads, GemmIsa isa)
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
            case GemmIsa.Avx512: Run<T, GemmKernel512<T>>(p, threads); break;
            case GemmIsa.Avx2: Run<T, GemmKernel256<T>>(p, threads); break;
            default: Run<T, GemmKernelScalar<T>>(p, threads); break;
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
    /// Splits the output into one block of whole tiles per thread along the longer tile dimension, the
    /// blocks differing by at most one tile; small products run serially. Each block is an independent
    /// serial GEMM: the bits of C do not depend on the split. One wide block per thread, not several
    /// narrow ones, keeps the serial loop nest's reuse: at n = 1024 on 2 threads, 6 blocks of 192
    /// columns (5 x 6 tiles + 2, so 18 vs 14 tiles per thread) reuse each A block over 6 B slivers
    /// instead of 16 and ran at 350-370 GFLOP/s; 2 blocks of 512 columns at about 390.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Run<T, TK>(GemmProblem<T> p, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmKernel<T>
    {
        int mTiles = (p.M + TK.MR - 1) / TK.MR, nTiles = (p.N + TK.NR - 1) / TK.NR;
        bool alongN = nTiles * TK.NR >= mTiles * TK.MR;
        int tiles = alongN ? nTiles : mTiles;
        if (threads <= 1 || tiles < 2 || (long)p.M * p.N * p.K < ParallelThreshold)
        {
            Serial<T, TK>(p);
            return;
        }

        // block q holds tiles [q*tiles/blocks, (q+1)*tiles/blocks)
        int blocks = Math.Min(tiles, threads);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
        {
            int t0 = (int)((long)block * tiles / blocks), t1 = (int)((long)(block + 1) * tiles / blocks);
            if (alongN)
            {
                int j0 = t0 * TK.NR;
                Serial<T, TK>(p.Block(0, p.M, j0, Math.Min(t1 * TK.NR, p.N) - j0));
            }
            else
            {
                int i0 = t0 * TK.MR;
                Serial<T, TK>(p.Block(i0, Math.Min(t1 * TK.MR, p.M) - i0, 0, p.N));
            }
        });
    }

    private static unsafe void Serial<T, TK>(in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmKernel<T>
        => GemmDriver<T, TK>.Serial(p.M, p.N, p.K, p.Alpha, p.A, p.Ars, p.Acs, p.B, p.Brs, p.Bcs, p.Beta, p.C, p.Ldc);
}

using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace Tdlab.Kernels;

/// <summary>
/// The BLIS loop nest around a micro-kernel TK (Van Zee and van de Geijn, "BLIS: A Framework for
/// Rapidly Instantiating BLAS Functionality", ACM TOMS 41(3), 2015):
/// <code>
/// for jc in n step ~NC           B panel (KC x NC) packed once per (jc, pc), lives in L2
///   for pc in k step KC          k split only here, in a fixed order: C's bits never depend on threads
///     for ic in m step ~MC       A block (MC x KC), lives in L2             (Block)
///       for jr in NC step NR     B sliver (KC x NR), lives in L1
///         for ir in MC step MR   micro-kernel: MR x NR tile of C
/// </code>
/// (n is cut into ceil(n/NC) panels of whole NR slivers differing by at most one sliver, m likewise by MC.)
/// op(A)[i, p] = a[i*ars + p*acs], op(B)[p, j] = b[p*brs + j*bcs], C row-major with ldc.
/// Operands that are already laid out well are streamed in place (A with any strides, B when its rows
/// are contiguous), which saves the packing cost that dominates small products. KC, MC and NC come from
/// the host's caches (<see cref="GemmBlocking"/>). Several threads run the same nest with shared panels
/// (<see cref="GemmPanelQueue{T, TK}"/>), one nest per column slab (<see cref="GemmSlabs{T, TK}"/>).
/// </summary>
internal static unsafe class GemmDriver<T, TK>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmKernel<T>
{
    /// <summary>
    /// Whether the block of C that one k block sweeps (m rows by a panel's width, NC or n) is larger than L2, so that
    /// each k block finds C's tiles in L3 or memory: then <see cref="Block"/> asks for a tile's lines before running its
    /// kernel, whose k loop (a few thousand cycles) hides their arrival; the kernel reads or writes C only after it.
    /// Measured 2026-12-02 (one process alternating 0.1 s slices with and without, 40-97 pairs, median ratio): one
    /// thread sgemm 1024 +5% (+8% for a variant asking at the kernel's start), 2048 +4%, dgemm 1024 +7%; where C
    /// stays in L2 the requests cost 1-2% (sgemm 256 and 512), hence the test. On several threads a unit keeps its band
    /// of C in L2 over the k blocks of its group, so only the group's first k block asks: two threads sgemm 1024 +1.3%.
    /// </summary>
    public static bool FarC(int m, int n, GemmBlocking blocking, CacheLevel l2)
        => (long)m * Math.Min(blocking.NC, n) * sizeof(T) > l2.Bytes;

    /// <summary>C(m x n) = alpha*op(A)*op(B) + beta*C on the calling thread (farC: <see cref="FarC"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Serial(GemmBlocking blocking, int m, int n, int k, T alpha, T* a, nint ars, nint acs,
        T* b, nint brs, nint bcs, T beta, T* c, nint ldc, bool farC)
    {
        int mr = TK.MR, nr = TK.NR;
        int kcMax = blocking.KC, mcMax = blocking.MC, ncMax = blocking.NC;
        bool packB = GemmBlocking.PackB<T>(m, brs, bcs);
        int kcBuf = Math.Min(kcMax, k);
        T* bufA = BufferA(Math.Min(mcMax, m), kcBuf);
        T* bufB = GemmBuffers<T>.PackedB(GemmPanel<T>.BufferLength(packB, Math.Min(ncMax, n), kcBuf, nr));
        T* tile = stackalloc T[mr * nr];

        int nPanels = (n + ncMax - 1) / ncMax, mBlocks = (m + mcMax - 1) / mcMax;
        for (int q = 0; q < nPanels; q++)
        {
            var (jc, nc) = GemmTiles.Part(n, nr, nPanels, q);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                T* bSrc = b + pc * brs + jc * bcs;
                var panel = GemmPanel<T>.Over(packB, bufB, bSrc, brs, kc, nc, nr);
                panel.Fill(bSrc, brs, bcs, 0, (nc + nr - 1) / nr);
                for (int qa = 0; qa < mBlocks; qa++)
                {
                    var (ic, mc) = GemmTiles.Part(m, mr, mBlocks, qa);
                    Block(panel, 0, nc, mc, a + ic * ars + pc * acs, ars, acs, bufA, tile,
                        c + ic * ldc + jc, ldc, alpha, pc == 0 ? beta : T.One, pc == 0 && beta == T.Zero, farC);
                }
            }
        }
    }

    /// <summary>
    /// C[0..rows, j0..j1) of one panel's columns (beta as given: the caller's for the first k block, else 1)
    /// from the A block aBlock (rows x panel.Kc, A[i, p] = aBlock[i*ars + p*acs]) and slivers j0/NR.. of the
    /// panel; j0 is a multiple of NR, j1 one or the panel's width. bufA holds a partial MR sliver of A
    /// (the whole block when GemmBlocking.PackA), tile an MR x NR scratch for edge tiles. farC: prefetch each tile of C
    /// before its kernel (see <see cref="FarC"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block(in GemmPanel<T> panel, int j0, int j1, int rows, T* aBlock, nint ars, nint acs,
        T* bufA, T* tile, T* c, nint ldc, T alpha, T beta, bool betaZero, bool farC)
    {
        int mr = TK.MR, nr = TK.NR, kc = panel.Kc;
        bool packA = GemmBlocking.PackA;
        if (packA) GemmPack.PackA(bufA, aBlock, ars, acs, rows, kc, mr);
        else if (rows % mr != 0) GemmPack.PackA(bufA, aBlock + (rows - rows % mr) * ars, ars, acs, rows % mr, kc, mr);

        for (int jr = j0; jr < j1; jr += nr)
        {
            int w = Math.Min(nr, j1 - jr);
            T* bs = panel.Sliver(jr, out nint cs);
            for (int ir = 0; ir < rows; ir += mr)
            {
                int h = Math.Min(mr, rows - ir);
                bool aPacked = packA || h < mr;
                T* aS = packA ? bufA + ir / mr * mr * kc : h < mr ? bufA : aBlock + ir * ars;
                nint rs = aPacked ? 1 : ars, csa = aPacked ? mr : acs;
                T* cij = c + ir * ldc + jr;
                if (farC && Sse.IsSupported)
                    for (int r = 0; r < h; r++)
                        for (int j = 0; j < w * sizeof(T); j += 64) Sse.Prefetch0((byte*)(cij + r * ldc) + j);
                if (h == mr && w == nr)
                {
                    TK.Run(kc, aS, rs, csa, bs, cs, cij, ldc, alpha, beta, betaZero);
                }
                else
                {
                    TK.Run(kc, aS, rs, csa, bs, cs, tile, nr, T.One, T.Zero, true);
                    MergeEdge(tile, nr, h, w, cij, ldc, alpha, beta, betaZero);
                }
            }
        }
    }

    /// <summary>Buffer for the partial A sliver of a block of up to <paramref name="rows"/> x kc (the block when packed).</summary>
    public static T* BufferA(int rows, int kc)
        => GemmBuffers<T>.PackedA((GemmBlocking.PackA ? (rows + TK.MR - 1) / TK.MR * TK.MR : TK.MR) * kc);

    /// <summary>C = alpha*tile (betaZero) or FMA(tile, alpha, beta*C) on an h x w corner: the kernels' rounding.</summary>
    private static void MergeEdge(T* tile, int ldt, int h, int w, T* c, nint ldc, T alpha, T beta, bool betaZero)
    {
        for (int r = 0; r < h; r++)
        {
            T* t = tile + r * ldt;
            T* cr = c + r * ldc;
            for (int j = 0; j < w; j++)
                cr[j] = betaZero ? t[j] * alpha : T.FusedMultiplyAdd(t[j], alpha, cr[j] * beta);
        }
    }
}

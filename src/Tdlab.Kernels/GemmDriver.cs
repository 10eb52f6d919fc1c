using System.Runtime.CompilerServices;
using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// The BLIS loop nest around a micro-kernel TK (Van Zee and van de Geijn, "BLIS: A Framework for
/// Rapidly Instantiating BLAS Functionality", ACM TOMS 41(3), 2015):
/// <code>
/// for jc in n step ~NC           B panel (KC x NC) packed once per (jc, pc), lives in L2
///   for pc in k step KC          k split only here, in a fixed order: C's bits never depend on threads
///     for ic in m step ~MC       A block (MC x KC), lives in L2
///       for jr in NC step NR     B sliver (KC x NR), lives in L1
///         for ir in MC step MR   micro-kernel: MR x NR tile of C
/// </code>
/// (n is cut into ceil(n/NC) panels of whole NR slivers differing by at most one sliver, m likewise by MC.)
/// op(A)[i, p] = a[i*ars + p*acs], op(B)[p, j] = b[p*brs + j*bcs], C row-major with ldc.
/// Operands that are already laid out well are streamed in place (A with any strides, B when its rows
/// are contiguous), which saves the packing cost that dominates small products. KC, MC and NC come from
/// the host's caches (<see cref="GemmBlocking"/>).
/// </summary>
internal static unsafe class GemmDriver<T, TK>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmKernel<T>
{
    /// <summary>C(m x n) = alpha*op(A)*op(B) + beta*C on the calling thread, in output rows/columns given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Serial(GemmBlocking blocking, int m, int n, int k, T alpha, T* a, nint ars, nint acs,
        T* b, nint brs, nint bcs, T beta, T* c, nint ldc)
    {
        int mr = TK.MR, nr = TK.NR;
        int kcMax = blocking.KC, mcMax = blocking.MC, ncMax = blocking.NC;
        bool packA = GemmBlocking.PackA;
        bool packB = GemmBlocking.PackB<T>(m, brs, bcs);
        int kcBuf = Math.Min(kcMax, k);
        T* bufA = GemmBuffers<T>.PackedA((packA ? RoundUp(Math.Min(mcMax, m), mr) : mr) * kcBuf);
        T* bufB = GemmBuffers<T>.PackedB((packB ? RoundUp(Math.Min(ncMax, n), nr) : nr) * kcBuf);
        T* tile = stackalloc T[mr * nr];

        // n in ceil(n/NC) panels of whole slivers differing by at most one sliver (no thin last panel); m likewise
        int nPanels = (n + ncMax - 1) / ncMax, nSlivers = (n + nr - 1) / nr;
        int mBlocks = (m + mcMax - 1) / mcMax, mSlivers = (m + mr - 1) / mr;
        for (int q = 0; q < nPanels; q++)
        {
            int jc = q * nSlivers / nPanels * nr;
            int nc = Math.Min(n, (q + 1) * nSlivers / nPanels * nr) - jc;
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool betaZero = pc == 0 && beta == T.Zero;
                T betaBlock = pc == 0 ? beta : T.One;

                // B panel: slivers at bPanel + s*bStep, k stride csB; a partial last sliver comes from bufB.
                T* bSrc = b + pc * brs + jc * bcs;
                T* bPanel; nint bStep, csB;
                if (packB)
                {
                    GemmPack.PackB(bufB, bSrc, brs, bcs, kc, nc, nr);
                    bPanel = bufB; bStep = (nint)nr * kc; csB = nr;
                }
                else
                {
                    bPanel = bSrc; bStep = nr; csB = brs;
                    if (nc % nr != 0) GemmPack.PackB(bufB, bSrc + (nc - nc % nr), brs, 1, kc, nc % nr, nr);
                }

                for (int qa = 0; qa < mBlocks; qa++)
                {
                    int ic = qa * mSlivers / mBlocks * mr;
                    int mc = Math.Min(m, (qa + 1) * mSlivers / mBlocks * mr) - ic;
                    T* aSrc = a + ic * ars + pc * acs;
                    T* aBlock; nint aStep, rsA, csA;
                    if (packA)
                    {
                        GemmPack.PackA(bufA, aSrc, ars, acs, mc, kc, mr);
                        aBlock = bufA; aStep = (nint)mr * kc; rsA = 1; csA = mr;
                    }
                    else
                    {
                        aBlock = aSrc; aStep = mr * ars; rsA = ars; csA = acs;
                        if (mc % mr != 0) GemmPack.PackA(bufA, aSrc + (mc - mc % mr) * ars, ars, acs, mc % mr, kc, mr);
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int w = Math.Min(nr, nc - jr);
                        T* bs = packB || w == nr ? bPanel + jr / nr * bStep : bufB;
                        nint cs = packB || w == nr ? csB : nr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int h = Math.Min(mr, mc - ir);
                            bool aPacked = packA || h < mr;
                            T* aS = packA ? aBlock + ir / mr * aStep : h < mr ? bufA : aBlock + ir / mr * aStep;
                            nint rs = aPacked ? 1 : rsA, csa = aPacked ? mr : csA;
                            T* cij = c + (ic + ir) * ldc + jc + jr;
                            if (h == mr && w == nr)
                            {
                                TK.Run(kc, aS, rs, csa, bs, cs, cij, ldc, alpha, betaBlock, betaZero);
                            }
                            else
                            {
                                TK.Run(kc, aS, rs, csa, bs, cs, tile, nr, T.One, T.Zero, true);
                                MergeEdge(tile, nr, h, w, cij, ldc, alpha, betaBlock, betaZero);
                            }
                        }
                    }
                }
            }
        }
    }

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

    private static int RoundUp(int x, int q) => (x + q - 1) / q * q;
}

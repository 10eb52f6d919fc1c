using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

/// <summary>
/// Packing of GEMM operands into the slivers the micro-kernels stream, zero-padded at the edges.
/// A block (rows x kc) becomes ceil(rows/mr) slivers, sliver s at dst + s*mr*kc holding
/// A[s*mr + r, p] at [p*mr + r]. A B panel (kc x cols) becomes ceil(cols/nr) slivers, sliver s at
/// dst + s*nr*kc holding B[p, s*nr + j] at [p*nr + j]. The source is addressed by general strides:
/// X[i, p] = src[i*rs + p*cs], so transposed and plain operands share the code.
/// </summary>
internal static unsafe class GemmPack
{
    /// <summary>Packs A[0..rows, 0..kc] (A[i, p] = src[i*rs + p*cs]) into mr-row slivers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(T* dst, T* src, nint rs, nint cs, int rows, int kc, int mr) where T : unmanaged
    {
        for (int i0 = 0; i0 < rows; i0 += mr, dst += mr * kc)
        {
            int h = Math.Min(mr, rows - i0);
            T* s = src + i0 * rs;
            if (rs == 1 && h == mr)
            {
                // op(A) = A^T stored (k x m): each p is a contiguous run of mr values
                for (int p = 0; p < kc; p++) Copy(dst + p * mr, s + p * cs, mr);
                continue;
            }

            for (int r = 0; r < h; r++)
            {
                T* sr = s + r * rs;
                T* d = dst + r;
                for (int p = 0; p < kc; p++) d[p * mr] = sr[p * cs];
            }

            for (int r = h; r < mr; r++)
                for (int p = 0; p < kc; p++) dst[p * mr + r] = default;
        }
    }

    /// <summary>Packs B[0..kc, 0..cols] (B[p, j] = src[p*rs + j*cs]) into nr-column slivers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(T* dst, T* src, nint rs, nint cs, int kc, int cols, int nr) where T : unmanaged
    {
        for (int j0 = 0; j0 < cols; j0 += nr, dst += nr * kc)
        {
            int w = Math.Min(nr, cols - j0);
            T* s = src + j0 * cs;
            if (cs == 1 && w == nr)
            {
                for (int p = 0; p < kc; p++) Copy(dst + p * nr, s + p * rs, nr);
                continue;
            }

            int t = GemmTransposePack.Block<T>();
            int pDone = 0;
            if (rs == 1 && t > 0 && w == nr && nr % t == 0)
            {
                // op(B) = B^T: column j of the sliver is a contiguous run of B; transpose t x t blocks
                pDone = kc / t * t;
                for (int p = 0; p < pDone; p += t)
                    for (int j = 0; j < nr; j += t)
                        GemmTransposePack.Transpose(s + j * cs + p, cs, dst + p * nr + j, nr);
            }

            for (int j = 0; j < w; j++)
            {
                T* sj = s + j * cs;
                T* d = dst + j;
                for (int p = pDone; p < kc; p++) d[p * nr] = sj[p * rs];
            }

            for (int j = w; j < nr; j++)
                for (int p = 0; p < kc; p++) dst[p * nr + j] = default;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<T>(T* dst, T* src, int count) where T : unmanaged
    {
        byte* d = (byte*)dst, s = (byte*)src;
        int bytes = count * sizeof(T), i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 64 <= bytes; i += 64) Vector512.Store(Vector512.Load(s + i), d + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 32 <= bytes; i += 32) Vector256.Store(Vector256.Load(s + i), d + i);
        for (; i + 8 <= bytes; i += 8) *(long*)(d + i) = *(long*)(s + i);
        for (; i < bytes; i++) d[i] = s[i];
    }
}

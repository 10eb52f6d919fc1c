using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

/// <summary>
/// s[j] += sum_r x[r, j] over a row-major (rows, cols) matrix, each column added in row order r = 0, 1, ...
/// (so the result equals <see cref="RowsReference.AddColumnSums{T}"/> bit for bit). A block of four
/// vectors of columns stays in registers while the rows stream past, instead of one pass over s per row:
/// for a (32, 100) bias-gradient tile that is 7 vector blocks, not 32 calls over s.
/// </summary>
internal static class ColumnSums
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate<T>(ReadOnlySpan<T> x, int rows, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = s.Length, j = 0;
        if (rows == 0 || cols == 0) return;
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T s0 = ref MemoryMarshal.GetReference(s);
        if (Vector512.IsHardwareAccelerated)
        {
            int w = Vector512<T>.Count;
            for (; j + 4 * w <= cols; j += 4 * w)
            {
                var a0 = Vector512.LoadUnsafe(ref s0, (nuint)j);
                var a1 = Vector512.LoadUnsafe(ref s0, (nuint)(j + w));
                var a2 = Vector512.LoadUnsafe(ref s0, (nuint)(j + 2 * w));
                var a3 = Vector512.LoadUnsafe(ref s0, (nuint)(j + 3 * w));
                for (int r = 0; r < rows; r++)
                {
                    nuint o = (nuint)(r * cols + j);
                    a0 += Vector512.LoadUnsafe(ref x0, o);
                    a1 += Vector512.LoadUnsafe(ref x0, o + (nuint)w);
                    a2 += Vector512.LoadUnsafe(ref x0, o + (nuint)(2 * w));
                    a3 += Vector512.LoadUnsafe(ref x0, o + (nuint)(3 * w));
                }

                a0.StoreUnsafe(ref s0, (nuint)j);
                a1.StoreUnsafe(ref s0, (nuint)(j + w));
                a2.StoreUnsafe(ref s0, (nuint)(j + 2 * w));
                a3.StoreUnsafe(ref s0, (nuint)(j + 3 * w));
            }

            for (; j + w <= cols; j += w)
            {
                var a = Vector512.LoadUnsafe(ref s0, (nuint)j);
                for (int r = 0; r < rows; r++) a += Vector512.LoadUnsafe(ref x0, (nuint)(r * cols + j));
                a.StoreUnsafe(ref s0, (nuint)j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            int w = Vector256<T>.Count;
            for (; j + w <= cols; j += w)
            {
                var a = Vector256.LoadUnsafe(ref s0, (nuint)j);
                for (int r = 0; r < rows; r++) a += Vector256.LoadUnsafe(ref x0, (nuint)(r * cols + j));
                a.StoreUnsafe(ref s0, (nuint)j);
            }
        }

        for (; j < cols; j++)
        {
            T a = Unsafe.Add(ref s0, j);
            for (int r = 0; r < rows; r++) a += Unsafe.Add(ref x0, r * cols + j);
            Unsafe.Add(ref s0, j) = a;
        }
    }
}

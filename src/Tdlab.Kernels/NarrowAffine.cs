using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

/// <summary>
/// The affine map of a layer with a short input, y (m, n) = x (m, k) W^T + b with W (n, k) and k at most
/// <see cref="MaxK"/> (e.g. the 10-input first layer of a small regression net). A packed GEMM spends most
/// of such a product packing and in call overhead; here W^T (k, n) is formed once and every output row is
/// b + sum_p x[r, p] W^T[p, :] (fused multiply-adds in order of p), four rows by two 512-bit vectors at a
/// time, the bias folded into the accumulator start. Row-major; the reference is <see cref="NarrowAffineReference"/>.
/// </summary>
public static class NarrowAffine
{
    /// <summary>Longest input (k) handled.</summary>
    public const int MaxK = 16;

    /// <summary>
    /// Whether the vector path runs here (512-bit vectors in hardware, n at least one vector); elsewhere
    /// <see cref="Forward{T}"/> is a plain loop and a GEMM is the better choice.
    /// </summary>
    public static bool IsFast<T>(int n, int k) where T : unmanaged =>
        Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count && k >= 1 && k <= MaxK;

    /// <summary>
    /// y (m, n) = x (m, k) w^T + bias, w (n, k), bias (n) or empty for none; with <paramref name="relu"/>,
    /// y = max(that, 0) applied as each output is stored (the same values as Elementwise.Relu after it).
    /// Requires 1 &lt;= k &lt;= MaxK.
    /// </summary>
    [SkipLocalsInit]
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, int m, int n, int k, Span<T> y,
        bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, w.Length, bias.Length, y.Length, m, n, k);
        if (m == 0 || n == 0) return;
        T[]? rented = null;
        Span<T> wt = k * n <= 2048 ? stackalloc T[k * n] : (rented = ArrayPool<T>.Shared.Rent(k * n)).AsSpan(0, k * n);
        TransposeWeight(w, n, k, wt);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            VectorRows(x, wt, bias, m, n, k, y, relu);
        else
            ScalarRows(x, wt, bias, 0, m, n, k, y, relu);
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
    }

    // wt (k, n) = w (n, k)^T: in-register 8 x 8 (4 x 4 double) blocks where they fit, element by element for the
    // rest (for a 100 x 10 weight the blocks move 768 of the 1000 elements)
    private static unsafe void TransposeWeight<T>(ReadOnlySpan<T> w, int n, int k, Span<T> wt) where T : unmanaged
    {
        int blk = GemmTransposePack.Block<T>();
        int nb = blk == 0 ? 0 : n / blk * blk, kb = blk == 0 ? 0 : k / blk * blk;
        fixed (T* w0 = w)
        fixed (T* t0 = wt)
        {
            for (int j = 0; j < nb; j += blk)
                for (int p = 0; p < kb; p += blk)
                    GemmTransposePack.Transpose(w0 + j * k + p, k, t0 + p * n + j, n);
            for (int j = 0; j < n; j++)
            {
                T* row = w0 + j * k;
                for (int p = j < nb ? kb : 0; p < k; p++) t0[p * n + j] = row[p];
            }
        }
    }

    // Four rows by two column vectors at a time. Ragged edges are shifted back over work already done (the last
    // rows up, the last columns left): each output is written, never accumulated, so the overlapping writes
    // agree. Products are fused multiply-adds in order of p, as in the reference.
    private static void VectorRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> wt, ReadOnlySpan<T> bias, int m, int n, int k, Span<T> y, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector512<T>.Count, r = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T wr = ref MemoryMarshal.GetReference(wt);
        ref T br = ref MemoryMarshal.GetReference(bias);
        ref T yr = ref MemoryMarshal.GetReference(y);
        bool hasBias = !bias.IsEmpty;
        for (; r < m; r += 4)
        {
            int r0 = Math.Min(r, m - 4);   // a short last group of rows is shifted up (rows recomputed, same values)
            if (r0 < 0)
            {
                ScalarRows(x, wt, bias, 0, m, n, k, y, relu);
                return;
            }

            ref T x0 = ref Unsafe.Add(ref xr, r0 * k);
            ref T y0 = ref Unsafe.Add(ref yr, r0 * n);
            int j0 = 0;
            for (; j0 + 2 * width <= n; j0 += 2 * width)
                Block(ref x0, ref wr, ref br, ref y0, hasBias, (nuint)j0, (nuint)(j0 + width), n, k, relu);
            if (j0 < n)
            {
                // the rest (less than two vectors): two vectors ending at n, or one when a vector covers it,
                // shifted left over columns already written
                nuint last = (nuint)(n - width);
                if (n - j0 > width) Block(ref x0, ref wr, ref br, ref y0, hasBias, (nuint)j0, last, n, k, relu);
                else Block(ref x0, ref wr, ref br, ref y0, hasBias, last, last, n, k, relu);
            }
        }
    }

    // rows r0..r0+3 of y at columns [j, j + width) and [j2, j2 + width) (j2 == j computes one vector)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<T>(ref T x0, ref T wr, ref T br, ref T y0, bool hasBias, nuint j, nuint j2, int n, int k, bool relu)
        where T : unmanaged
    {
        Vector512<T> s0 = hasBias ? Vector512.LoadUnsafe(ref br, j) : Vector512<T>.Zero;
        Vector512<T> s1 = hasBias ? Vector512.LoadUnsafe(ref br, j2) : Vector512<T>.Zero;
        Vector512<T> a0 = s0, a1 = s0, a2 = s0, a3 = s0, c0 = s1, c1 = s1, c2 = s1, c3 = s1;
        bool two = j2 != j;
        for (int p = 0; p < k; p++)
        {
            var w0 = Vector512.LoadUnsafe(ref wr, (nuint)(p * n) + j);
            var v0 = Vector512.Create(Unsafe.Add(ref x0, p));
            var v1 = Vector512.Create(Unsafe.Add(ref x0, k + p));
            var v2 = Vector512.Create(Unsafe.Add(ref x0, 2 * k + p));
            var v3 = Vector512.Create(Unsafe.Add(ref x0, 3 * k + p));
            a0 = Fma(v0, w0, a0);
            a1 = Fma(v1, w0, a1);
            a2 = Fma(v2, w0, a2);
            a3 = Fma(v3, w0, a3);
            if (two)
            {
                var w1 = Vector512.LoadUnsafe(ref wr, (nuint)(p * n) + j2);
                c0 = Fma(v0, w1, c0);
                c1 = Fma(v1, w1, c1);
                c2 = Fma(v2, w1, c2);
                c3 = Fma(v3, w1, c3);
            }
        }

        if (relu)
        {
            a0 = Relu(a0); a1 = Relu(a1); a2 = Relu(a2); a3 = Relu(a3);
            c0 = Relu(c0); c1 = Relu(c1); c2 = Relu(c2); c3 = Relu(c3);
        }

        Vector512.StoreUnsafe(a0, ref y0, j);
        Vector512.StoreUnsafe(a1, ref y0, (nuint)n + j);
        Vector512.StoreUnsafe(a2, ref y0, (nuint)(2 * n) + j);
        Vector512.StoreUnsafe(a3, ref y0, (nuint)(3 * n) + j);
        if (!two) return;
        Vector512.StoreUnsafe(c0, ref y0, j2);
        Vector512.StoreUnsafe(c1, ref y0, (nuint)n + j2);
        Vector512.StoreUnsafe(c2, ref y0, (nuint)(2 * n) + j2);
        Vector512.StoreUnsafe(c3, ref y0, (nuint)(3 * n) + j2);
    }

    // max(v, 0) as Elementwise.Relu computes it: NaN stays NaN, -0 gives +0
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Relu<T>(Vector512<T> v) where T : unmanaged =>
        Vector512.ConditionalSelect(Vector512.LessThanOrEqual(v, Vector512<T>.Zero), Vector512<T>.Zero, v);

    // a b + c with one rounding, for float or double lanes (the type test folds away per instantiation)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"NarrowAffine: element type {typeof(T).Name}");
    }

    private static void ScalarRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> wt, ReadOnlySpan<T> bias, int r0, int m, int n, int k, Span<T> y,
        bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = r0; r < m; r++)
            for (int j = 0; j < n; j++)
            {
                T a = bias.IsEmpty ? T.Zero : bias[j];
                for (int p = 0; p < k; p++) a = T.FusedMultiplyAdd(x[r * k + p], wt[p * n + j], a);
                y[r * n + j] = relu && a <= T.Zero ? T.Zero : a;
            }
    }

    internal static void Check(int x, int w, int bias, int y, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 1 || k > MaxK)
            throw new ArgumentException($"NarrowAffine: needs m, n >= 0 and 1 <= k <= {MaxK}, got m {m}, n {n}, k {k}");
        if (x != m * k || w != n * k || y != m * n || (bias != 0 && bias != n))
            throw new ArgumentException(
                $"NarrowAffine: buffers x {x}, w {w}, bias {bias}, y {y} do not fit x ({m}, {k}), w ({n}, {k}), bias ({n}), y ({m}, {n})");
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

/// <summary>
/// Matrix-vector products of a row-major (rows, cols) matrix with vectors: the forward and backward of a
/// layer with one output (a readout, y = x w), where a GEMM with n = 1 or k = 1 spends its time in call
/// overhead and edge handling.
/// </summary>
public static partial class Rows
{
    // y[r] = sum_j x[r, j] v[j]: per row, vector lanes of partial sums (fused multiply-adds), their sum, then the
    // last cols mod width terms in order (not the reference's order: equal to rounding)  x: (rows, cols), v: (cols), y: (rows)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        CheckMatrix("Rows.Dot", "x", x.Length, rows, cols);
        if (y.Length != rows) throw new ArgumentException(Invariant($"Rows.Dot: y has {y.Length} elements, expected rows = {rows}."));
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T v0 = ref MemoryMarshal.GetReference(v);
        int w = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256.IsHardwareAccelerated ? Vector256<T>.Count : 0;
        int body = w == 0 ? 0 : cols / w * w;
        for (int r = 0; r < rows; r++)
        {
            ref T xr = ref Unsafe.Add(ref x0, r * cols);
            T sum = T.Zero;
            if (body > 0 && Vector512.IsHardwareAccelerated)
            {
                var acc = Vector512<T>.Zero;
                for (int j = 0; j < body; j += w)
                    acc = Fma(Vector512.LoadUnsafe(ref xr, (nuint)j), Vector512.LoadUnsafe(ref v0, (nuint)j), acc);
                sum = Vector512.Sum(acc);
            }
            else if (body > 0)
            {
                var acc = Vector256<T>.Zero;
                for (int j = 0; j < body; j += w)
                    acc = Fma(Vector256.LoadUnsafe(ref xr, (nuint)j), Vector256.LoadUnsafe(ref v0, (nuint)j), acc);
                sum = Vector256.Sum(acc);
            }

            for (int j = body; j < cols; j++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref xr, j), Unsafe.Add(ref v0, j), sum);
            y[r] = sum;
        }
    }

    // y[r, j] = u[r] v[j]   (outer product)                           u: (rows), v: (cols), y: (rows, cols)
    public static void Outer<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        CheckMatrix("Rows.Outer", "y", y.Length, u.Length, cols);
        ref T v0 = ref MemoryMarshal.GetReference(v);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        int w = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : 0, body = w == 0 ? 0 : cols / w * w;
        for (int r = 0; r < u.Length; r++)
        {
            T ur = u[r];
            ref T yr = ref Unsafe.Add(ref y0, r * cols);
            for (int j = 0; j < body; j += w)
                (Vector512.LoadUnsafe(ref v0, (nuint)j) * ur).StoreUnsafe(ref yr, (nuint)j);
            for (int j = body; j < cols; j++) Unsafe.Add(ref yr, j) = Unsafe.Add(ref v0, j) * ur;
        }
    }

    // s[j] += sum_r u[r] x[r, j], one fused multiply-add per row, in row order (a readout's weight gradient
    // x^T u)                                                          x: (rows, cols), u: (rows), s: (cols)
    public static void AddWeightedRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMatrix("Rows.AddWeightedRows", "x", x.Length, u.Length, s.Length);
        AccumulateRows<T, Weighted>(x, u, u.Length, s);
    }

    /// <summary>Row weights of <see cref="AccumulateRows{T, TW}"/>: u[r] with a fused multiply-add, or none (a plain add).</summary>
    private interface IRowWeights
    {
        static abstract bool IsWeighted { get; }
    }

    private readonly struct Weighted : IRowWeights
    {
        public static bool IsWeighted => true;
    }

    private readonly struct Unweighted : IRowWeights
    {
        public static bool IsWeighted => false;
    }

    // s[j] += sum_r x[r, j] (unweighted: column sums) or s[j] = fma(u[r], x[r, j], s[j]) for r in order (weighted), each
    // column added in row order, so both equal their references bit for bit. Blocks of four vectors of columns stay in
    // registers while the rows stream past, instead of one pass over s per row.   x: (rows, cols), u: (rows) or empty
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateRows<T, TW>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, int rows, Span<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> where TW : struct, IRowWeights
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
                    a0 = Add<T, TW>(u, r, Vector512.LoadUnsafe(ref x0, o), a0);
                    a1 = Add<T, TW>(u, r, Vector512.LoadUnsafe(ref x0, o + (nuint)w), a1);
                    a2 = Add<T, TW>(u, r, Vector512.LoadUnsafe(ref x0, o + (nuint)(2 * w)), a2);
                    a3 = Add<T, TW>(u, r, Vector512.LoadUnsafe(ref x0, o + (nuint)(3 * w)), a3);
                }

                a0.StoreUnsafe(ref s0, (nuint)j);
                a1.StoreUnsafe(ref s0, (nuint)(j + w));
                a2.StoreUnsafe(ref s0, (nuint)(j + 2 * w));
                a3.StoreUnsafe(ref s0, (nuint)(j + 3 * w));
            }

            for (; j + w <= cols; j += w)
            {
                var a = Vector512.LoadUnsafe(ref s0, (nuint)j);
                for (int r = 0; r < rows; r++) a = Add<T, TW>(u, r, Vector512.LoadUnsafe(ref x0, (nuint)(r * cols + j)), a);
                a.StoreUnsafe(ref s0, (nuint)j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            int w = Vector256<T>.Count;
            for (; j + w <= cols; j += w)
            {
                var a = Vector256.LoadUnsafe(ref s0, (nuint)j);
                for (int r = 0; r < rows; r++)
                {
                    var v = Vector256.LoadUnsafe(ref x0, (nuint)(r * cols + j));
                    a = TW.IsWeighted ? Fma(Vector256.Create(u[r]), v, a) : a + v;
                }

                a.StoreUnsafe(ref s0, (nuint)j);
            }
        }

        for (; j < cols; j++)
        {
            T a = Unsafe.Add(ref s0, j);
            for (int r = 0; r < rows; r++)
            {
                T v = Unsafe.Add(ref x0, r * cols + j);
                a = TW.IsWeighted ? T.FusedMultiplyAdd(u[r], v, a) : a + v;
            }

            Unsafe.Add(ref s0, j) = a;
        }
    }

    // acc + u[r] v (fused) or acc + v
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Add<T, TW>(ReadOnlySpan<T> u, int r, Vector512<T> v, Vector512<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T> where TW : struct, IRowWeights
        => TW.IsWeighted ? Fma(Vector512.Create(u[r]), v, acc) : acc + v;

    // a b + c with one rounding (the type tests fold away per instantiation)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Rows: element type {typeof(T).Name}");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Rows: element type {typeof(T).Name}");
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels.Operators;

/// <summary>
/// The one loop behind every operator-struct kernel: d[i] = op(a[i], b[i]) for i &lt; a.Length.
/// Width: Vector512 where accelerated, else Vector256, else Vector128 (software fallback included).
/// Body: four vectors per iteration, then single vectors, then the remainder copied into a zero-padded
/// vector, transformed and copied back, so every element takes the same instruction path.
/// Aliasing: d may be exactly a and/or b (in place); a partial overlap is rejected.
/// </summary>
internal static class ElementwiseDriver
{
    public static void Map<T, TOp>(string op, ReadOnlySpan<T> x, Span<T> y, TOp f)
        where T : unmanaged where TOp : struct, IUnaryOp<T>
        => Map(op, x, x, y, new UnaryAsBinary<T, TOp>(f));

    public static void Map<T, TOp>(string op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d, TOp f)
        where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        Validate(op, a, b, d);
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)a.Length;
        if (Vector512.IsHardwareAccelerated) Run<T, Vector512<T>, TOp>(ref ar, ref br, ref dr, n, f);
        else if (Vector256.IsHardwareAccelerated) Run<T, Vector256<T>, TOp>(ref ar, ref br, ref dr, n, f);
        else Run<T, Vector128<T>, TOp>(ref ar, ref br, ref dr, n, f);
    }

    /// <summary>
    /// Row by row of a (rows, cols) matrix with one vector v of cols: y[r, :] = f(x[r, :], v), each row through
    /// the same loop as <see cref="Map{T, TOp}(string, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, TOp)"/>.
    /// </summary>
    public static void MapRows<T, TOp>(string op, ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y, TOp f)
        where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        int cols = v.Length;
        if (rows < 0 || (long)rows * cols != x.Length || y.Length != x.Length)
            throw new ArgumentException($"{op}: x has {x.Length} and y {y.Length} elements, expected rows*cols = {rows}*{cols}.");
        Validate(op, x, x, y);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T vr = ref MemoryMarshal.GetReference(v);
        ref T yr = ref MemoryMarshal.GetReference(y);
        for (int r = 0; r < rows; r++)
        {
            ref T xrow = ref Unsafe.Add(ref xr, r * cols);
            ref T yrow = ref Unsafe.Add(ref yr, r * cols);
            if (Vector512.IsHardwareAccelerated) Run<T, Vector512<T>, TOp>(ref xrow, ref vr, ref yrow, (nuint)cols, f);
            else if (Vector256.IsHardwareAccelerated) Run<T, Vector256<T>, TOp>(ref xrow, ref vr, ref yrow, (nuint)cols, f);
            else Run<T, Vector128<T>, TOp>(ref xrow, ref vr, ref yrow, (nuint)cols, f);
        }
    }

    // Optimised at first call: tier-0 vector code is many times slower, and tier-up is slow on a loaded machine.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Run<T, TV, TOp>(ref T a, ref T b, ref T d, nuint n, TOp f)
        where T : unmanaged where TV : unmanaged where TOp : struct, IBinaryOp<T>
    {
        nuint w = (nuint)(Unsafe.SizeOf<TV>() / Unsafe.SizeOf<T>());
        nuint i = 0;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            TV r0 = Apply<T, TV, TOp>(f, Load<T, TV>(ref a, i), Load<T, TV>(ref b, i));
            TV r1 = Apply<T, TV, TOp>(f, Load<T, TV>(ref a, i + w), Load<T, TV>(ref b, i + w));
            TV r2 = Apply<T, TV, TOp>(f, Load<T, TV>(ref a, i + 2 * w), Load<T, TV>(ref b, i + 2 * w));
            TV r3 = Apply<T, TV, TOp>(f, Load<T, TV>(ref a, i + 3 * w), Load<T, TV>(ref b, i + 3 * w));
            Store(r0, ref d, i); Store(r1, ref d, i + w); Store(r2, ref d, i + 2 * w); Store(r3, ref d, i + 3 * w);
        }
        for (; i + w <= n; i += w)
            Store(Apply<T, TV, TOp>(f, Load<T, TV>(ref a, i), Load<T, TV>(ref b, i)), ref d, i);
        if (i < n)
        {
            int rest = (int)(n - i);
            TV ta = default, tb = default;
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref a, i), rest).CopyTo(Lanes<T, TV>(ref ta));
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, i), rest).CopyTo(Lanes<T, TV>(ref tb));
            TV tr = Apply<T, TV, TOp>(f, ta, tb);
            Lanes<T, TV>(ref tr)[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d, i), rest));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV Apply<T, TV, TOp>(TOp f, TV a, TV b) where T : unmanaged where TV : unmanaged where TOp : struct, IBinaryOp<T>
    {
        // The JIT folds these type tests: each instantiation keeps exactly one branch.
        if (typeof(TV) == typeof(Vector512<T>))
            return Unsafe.BitCast<Vector512<T>, TV>(f.Invoke(Unsafe.BitCast<TV, Vector512<T>>(a), Unsafe.BitCast<TV, Vector512<T>>(b)));
        if (typeof(TV) == typeof(Vector256<T>))
            return Unsafe.BitCast<Vector256<T>, TV>(f.Invoke(Unsafe.BitCast<TV, Vector256<T>>(a), Unsafe.BitCast<TV, Vector256<T>>(b)));
        return Unsafe.BitCast<Vector128<T>, TV>(f.Invoke(Unsafe.BitCast<TV, Vector128<T>>(a), Unsafe.BitCast<TV, Vector128<T>>(b)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV Load<T, TV>(ref T p, nuint i) where T : unmanaged where TV : unmanaged
        => Unsafe.ReadUnaligned<TV>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref p, i)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<T, TV>(TV v, ref T p, nuint i) where T : unmanaged where TV : unmanaged
        => Unsafe.WriteUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref p, i)), v);

    static Span<T> Lanes<T, TV>(ref TV v) where T : unmanaged where TV : unmanaged
        => MemoryMarshal.CreateSpan(ref Unsafe.As<TV, T>(ref v), Unsafe.SizeOf<TV>() / Unsafe.SizeOf<T>());

    static void Validate<T>(string op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> d)
    {
        if (b.Length != a.Length)
            throw new ArgumentException($"{op}: input lengths {a.Length} and {b.Length} differ.");
        if (d.Length < a.Length)
            throw new ArgumentException($"{op}: destination length {d.Length} is shorter than input length {a.Length}.");
        if ((a.Overlaps(d, out int oa) && oa != 0) || (b.Overlaps(d, out int ob) && ob != 0))
            throw new ArgumentException($"{op}: destination partially overlaps an input (only exact in-place aliasing is allowed).");
    }
}

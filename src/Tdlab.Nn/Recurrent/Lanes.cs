using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// SIMD loads and stores for the fused gate kernels: a full <see cref="Vector{T}"/> inside the span, and a
/// zero-padded partial vector at the tail, so each kernel writes its formula once for every length. The full
/// vector is inlined into the kernel; the tail (which needs stackalloc, and a method with stackalloc is never
/// inlined) is a call of its own.
/// </summary>
internal static class Lanes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<T>(ReadOnlySpan<T> s, int i) where T : unmanaged
        => i + Vector<T>.Count <= s.Length ? new Vector<T>(s[i..]) : LoadTail(s, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector<T> v, Span<T> s, int i) where T : unmanaged
    {
        if (i + Vector<T>.Count <= s.Length) v.CopyTo(s[i..]);
        else StoreTail(v, s, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<T> LoadTail<T>(ReadOnlySpan<T> s, int i) where T : unmanaged
    {
        Span<T> tmp = stackalloc T[Vector<T>.Count];
        tmp.Clear();
        s[i..].CopyTo(tmp);
        return new Vector<T>(tmp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreTail<T>(Vector<T> v, Span<T> s, int i) where T : unmanaged
    {
        Span<T> tmp = stackalloc T[Vector<T>.Count];
        v.CopyTo(tmp);
        tmp[..(s.Length - i)].CopyTo(s[i..]);
    }
}

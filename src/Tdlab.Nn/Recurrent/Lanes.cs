using System.Numerics;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// SIMD loads and stores for the fused gate kernels: a full <see cref="Vector{T}"/> inside the span, and a
/// zero-padded partial vector at the tail, so each kernel writes its formula once for every length.
/// </summary>
internal static class Lanes
{
    public static Vector<T> Load<T>(ReadOnlySpan<T> s, int i) where T : unmanaged
    {
        if (i + Vector<T>.Count <= s.Length) return new Vector<T>(s[i..]);
        Span<T> tmp = stackalloc T[Vector<T>.Count];
        tmp.Clear();
        s[i..].CopyTo(tmp);
        return new Vector<T>(tmp);
    }

    public static void Store<T>(Vector<T> v, Span<T> s, int i) where T : unmanaged
    {
        if (i + Vector<T>.Count <= s.Length)
        {
            v.CopyTo(s[i..]);
            return;
        }

        Span<T> tmp = stackalloc T[Vector<T>.Count];
        v.CopyTo(tmp);
        tmp[..(s.Length - i)].CopyTo(s[i..]);
    }
}

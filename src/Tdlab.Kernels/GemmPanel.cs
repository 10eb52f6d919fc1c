using System.Runtime.CompilerServices;

namespace Tdlab.Kernels;

/// <summary>
/// A KC x NC panel of op(B) as the micro-kernels read it: column sliver s (NR wide, kc deep) starts at
/// Slivers + s*Step with k stride Cs. Packed (<see cref="GemmPack.PackB{T}"/>): Step = NR*kc, Cs = NR.
/// Streamed in place (B rows contiguous): Step = NR, Cs = brs, and a partial last sliver (Cols not a
/// multiple of NR) is read from Edge, packed there zero-padded to NR columns.
/// </summary>
internal readonly unsafe struct GemmPanel<T> where T : unmanaged
{
    public T* Slivers { get; init; }
    public nint Step { get; init; }
    public nint Cs { get; init; }
    public T* Edge { get; init; }
    public int NR { get; init; }
    public int Kc { get; init; }
    public int Cols { get; init; }
    public bool Packed { get; init; }

    /// <summary>Elements of panel buffer a panel of up to <paramref name="cols"/> x <paramref name="kc"/> needs.</summary>
    public static int BufferLength(bool packed, int cols, int kc, int nr) => (packed ? (cols + nr - 1) / nr * nr : nr) * kc;

    /// <summary>
    /// The panel op(B)[pc.., jc..] (src = B + pc*brs + jc*bcs), packed into buf or streamed in place with its
    /// partial last sliver in buf. Nothing is copied here: see <see cref="Fill"/>.
    /// </summary>
    public static GemmPanel<T> Over(bool packed, T* buf, T* src, nint brs, int kc, int cols, int nr)
        => packed
            ? new GemmPanel<T> { Slivers = buf, Step = (nint)nr * kc, Cs = nr, Edge = buf, NR = nr, Kc = kc, Cols = cols, Packed = true }
            : new GemmPanel<T> { Slivers = src, Step = nr, Cs = brs, Edge = buf, NR = nr, Kc = kc, Cols = cols, Packed = false };

    /// <summary>
    /// Copies slivers [first, end) of the panel from src (B[p, j] = src[p*brs + j*bcs]) into the buffer: all of
    /// them when packed, else only the partial last sliver if it is in the range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(T* src, nint brs, nint bcs, int first, int end)
    {
        int j0 = first * NR, j1 = Math.Min(Cols, end * NR);
        if (j1 <= j0) return;
        if (Packed)
            GemmPack.PackB(Slivers + (nint)first * Step, src + j0 * bcs, brs, bcs, Kc, j1 - j0, NR);
        else if (Cols % NR != 0 && j1 == Cols)
            GemmPack.PackB(Edge, src + (Cols - Cols % NR), brs, 1, Kc, Cols % NR, NR);
    }

    /// <summary>Sliver starting at column j (a multiple of NR) and its k stride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T* Sliver(int j, out nint cs)
    {
        bool whole = Packed || Cols - j >= NR;
        cs = whole ? Cs : NR;
        return whole ? Slivers + j / NR * Step : Edge;
    }
}

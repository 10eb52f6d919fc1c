namespace Tdlab.Kernels;

/// <summary>
/// How threads share one B panel (m x cols of C): Bands x Strips units of whole MR x NR register tiles
/// (the last band and strip take the edge). Band i holds micro-rows [i*mt/Bands, (i+1)*mt/Bands) of the
/// mt = ceil(m/MR), strip j likewise of nt = ceil(cols/NR). Units are numbered band by band
/// (u = i*Strips + j). Rows are cut first: a band reads its rows of A once per panel, while a strip of a
/// band re-reads them (BLIS's ic loop before its jr loop).
/// </summary>
internal readonly record struct GemmTiles(int M, int Cols, int MR, int NR, int Bands, int Strips)
{
    /// <summary>Units per thread the grid aims at: enough that a slowed core costs a fraction of a unit.</summary>
    public const int PerThread = 4;

    /// <summary>Smallest band height in rows: below this a B sliver is reused over too few micro-tiles.</summary>
    public const int MinRows = 64;

    /// <summary>Smallest strip width in columns: below this an A block is reused over too few B slivers.</summary>
    public const int MinCols = 128;

    public int Count => Bands * Strips;

    /// <summary>
    /// Bands no taller than mc (the A block stays in L2) and at least MinRows, strips at least MinCols. Aims
    /// at a multiple of the thread count, at most <see cref="PerThread"/> per thread, so that on an idle host
    /// every thread takes the same number of equal units: the largest such count, with the fewest strips.
    /// When none fits and mc needs several bands, those bands rounded up to a multiple of the thread count
    /// (shorter than MinRows if need be); when none fits and one band would do, one band or strip per
    /// thread along the longer side.
    /// </summary>
    public static GemmTiles For(int m, int cols, int mr, int nr, int mc, int threads)
    {
        int mt = (m + mr - 1) / mr, nt = (cols + nr - 1) / nr;
        int bandsMin = (mt + Math.Max(1, mc / mr) - 1) / Math.Max(1, mc / mr);
        int bandsMax = Math.Max(bandsMin, Math.Min(mt, m / MinRows));
        int stripsMax = Math.Max(1, Math.Min(nt, cols / MinCols));
        if (bandsMin <= PerThread * threads)
            for (int count = PerThread * threads; count >= threads; count -= threads)
                for (int strips = 1; strips <= stripsMax; strips++)
                {
                    if (count % strips != 0) continue;
                    int bands = count / strips;
                    if (bands >= bandsMin && bands <= bandsMax) return new GemmTiles(m, cols, mr, nr, bands, strips);
                }

        if (bandsMin > 1) return new GemmTiles(m, cols, mr, nr, Math.Min(mt, (bandsMin + threads - 1) / threads * threads), 1);
        return (long)m * nr >= (long)cols * mr
            ? new GemmTiles(m, cols, mr, nr, Math.Max(bandsMin, Math.Min(threads, mt)), 1)
            : new GemmTiles(m, cols, mr, nr, 1, Math.Max(1, Math.Min(threads, nt)));
    }

    /// <summary>Unit u over a panel <paramref name="cols"/> wide (at most Cols) as (first row, rows, first column, columns).</summary>
    public (int I0, int Rows, int J0, int Width) Unit(int u, int cols)
    {
        var (i0, rows) = Part(M, MR, Bands, u / Strips);
        var (j0, width) = Part(cols, NR, Strips, u % Strips);
        return (i0, rows, j0, width);
    }

    /// <summary>
    /// Part q of <paramref name="parts"/> of [0, total) in whole units (the last part takes the edge; a part
    /// beyond the units is empty): units [q*u/parts, (q+1)*u/parts) of the u = ceil(total/unit), as (start, length).
    /// </summary>
    public static (int Start, int Length) Part(int total, int unit, int parts, int q)
    {
        long units = (total + unit - 1) / unit;
        int start = (int)Math.Min(total, q * units / parts * unit);
        return (start, Math.Min(total, (int)((q + 1) * units / parts * unit)) - start);
    }
}

namespace Tdlab.Kernels;

/// <summary>
/// A grid of Bands x Strips output tiles over C (m x n), each a block of whole MR x NR register tiles
/// (the last band and strip take the edge). Band i holds micro-rows [i*mt/Bands, (i+1)*mt/Bands) of the
/// mt = ceil(m/MR), strip j likewise of nt = ceil(n/NR). Tiles are numbered strip by strip
/// (t = j*Bands + i), so tiles running at the same time read the same columns of B.
/// </summary>
internal readonly record struct GemmTiles(int M, int N, int MR, int NR, int Bands, int Strips)
{
    /// <summary>Tiles per thread the grid aims at: enough that a slowed core costs a fraction of a tile.</summary>
    public const int PerThread = 4;

    /// <summary>Smallest tile height in rows: below this a B sliver is reused over too few micro-tiles.</summary>
    public const int MinRows = 64;

    /// <summary>Smallest tile width in columns: below this an A block is reused over too few B slivers.</summary>
    public const int MinCols = 128;

    public int Count => Bands * Strips;

    /// <summary>The whole of C as one tile.</summary>
    public static GemmTiles Single(int m, int n) => new(m, n, 1, 1, 1, 1);

    /// <summary>
    /// About <see cref="PerThread"/> tiles per thread: starting from one tile, repeatedly cut the longer
    /// tile side once more (rows when m/Bands &gt; n/Strips) while its pieces stay at least MinRows x MinCols.
    /// </summary>
    public static GemmTiles For(int m, int n, int mr, int nr, int threads)
    {
        int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
        int bands = 1, strips = 1, target = PerThread * threads;
        while (bands * strips < target)
        {
            bool rowsCut = (bands + 1) * MinRows <= m && bands + 1 <= mt;
            bool colsCut = (strips + 1) * MinCols <= n && strips + 1 <= nt;
            if (!rowsCut && !colsCut) break;
            if (rowsCut && (!colsCut || (long)m * strips > (long)n * bands)) bands++;
            else strips++;
        }

        return new GemmTiles(m, n, mr, nr, bands, strips);
    }

    /// <summary>Tile t as (first row, rows, first column, columns).</summary>
    public (int I0, int Rows, int J0, int Cols) Tile(int t)
    {
        int i = t % Bands, j = t / Bands;
        int mt = (M + MR - 1) / MR, nt = (N + NR - 1) / NR;
        int i0 = (int)((long)i * mt / Bands) * MR, i1 = Math.Min(M, (int)((long)(i + 1) * mt / Bands) * MR);
        int j0 = (int)((long)j * nt / Strips) * NR, j1 = Math.Min(N, (int)((long)(j + 1) * nt / Strips) * NR);
        return (i0, i1 - i0, j0, j1 - j0);
    }
}

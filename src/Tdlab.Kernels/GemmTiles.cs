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
    /// A multiple of the thread count, at most <see cref="PerThread"/> per thread, so that on an idle host every
    /// thread takes the same number of equal tiles (9 tiles on 2 threads would leave one thread a tile
    /// longer): the largest such count with a Bands x Strips grid whose tiles are at least MinRows x MinCols,
    /// the grid whose tiles are closest to square, ties to wider tiles (an A block is reused over more B
    /// slivers). When not even one tile per thread fits the minimums, one band or strip per thread along the
    /// longer side.
    /// </summary>
    public static GemmTiles For(int m, int n, int mr, int nr, int threads)
    {
        int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
        for (int count = PerThread * threads; count >= threads; count -= threads)
        {
            int bestBands = 0;
            double bestSkew = double.MaxValue;
            for (int bands = count; bands >= 1; bands--)
            {
                if (count % bands != 0) continue;
                int strips = count / bands;
                if (bands * MinRows > m || bands > mt || strips * MinCols > n || strips > nt) continue;
                double skew = Math.Abs(Math.Log((double)m / bands / ((double)n / strips)));
                if (skew < bestSkew - 1e-9) (bestBands, bestSkew) = (bands, skew);
            }

            if (bestBands > 0) return new GemmTiles(m, n, mr, nr, bestBands, count / bestBands);
        }

        return (long)m * nr >= (long)n * mr
            ? new GemmTiles(m, n, mr, nr, Math.Max(1, Math.Min(threads, mt)), 1)
            : new GemmTiles(m, n, mr, nr, 1, Math.Max(1, Math.Min(threads, nt)));
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

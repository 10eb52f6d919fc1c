using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>The output tiling that threads take dynamically: a partition of C along register-tile edges.</summary>
public sealed class GemmTilesTests
{
    [Theory]
    [InlineData(1024, 1024, 8, 32, 2)]
    [InlineData(256, 256, 8, 32, 2)]
    [InlineData(1000, 77, 8, 16, 2)]
    [InlineData(65, 3000, 6, 16, 4)]
    [InlineData(4096, 130, 8, 32, 2)]
    [InlineData(300, 300, 4, 4, 3)]
    public void Tiles_PartitionC_OnRegisterTileEdges(int m, int n, int mr, int nr, int threads)
    {
        GemmTiles tiles = GemmTiles.For(m, n, mr, nr, threads);
        var covered = new int[m * n];
        for (int t = 0; t < tiles.Count; t++)
        {
            var (i0, rows, j0, cols) = tiles.Tile(t);
            Assert.True(rows > 0 && cols > 0);
            Assert.Equal(0, i0 % mr);
            Assert.Equal(0, j0 % nr);
            if (tiles.Count >= threads && tiles.Bands > 1) Assert.True(rows >= GemmTiles.MinRows - mr, $"tile {t}: {rows} rows");
            if (tiles.Count >= threads && tiles.Strips > 1) Assert.True(cols >= GemmTiles.MinCols - nr, $"tile {t}: {cols} columns");
            for (int i = i0; i < i0 + rows; i++)
                for (int j = j0; j < j0 + cols; j++) covered[i * n + j]++;
        }

        Assert.All(covered, x => Assert.Equal(1, x));
        Assert.True(tiles.Count <= GemmTiles.PerThread * threads);
        Assert.True(tiles.Count % threads == 0 || tiles.Count < threads, $"{tiles.Count} tiles on {threads} threads");
    }

    [Fact]
    public void EqualShares_SquarestGrid_TiesToWiderTiles()
    {
        // 8 tiles on 2 threads: 4 x 2 (256 x 512) and 2 x 4 (512 x 256) are equally skewed; the wider wins
        Assert.Equal((4, 2), (GemmTiles.For(1024, 1024, 8, 32, 2).Bands, GemmTiles.For(1024, 1024, 8, 32, 2).Strips));
        // 256 x 256: 4 tiles of 128 x 128 (8 would need 64-row by 128-column tiles over 256 columns: 4 x 2 = 8, skew log 2)
        GemmTiles small = GemmTiles.For(256, 256, 8, 32, 2);
        Assert.Equal(0, small.Count % 2);
        Assert.True(small.Count >= 4);
        // one band or strip per thread when even that misses the minimums: 100 x 100 on 2 threads
        GemmTiles narrow = GemmTiles.For(100, 100, 8, 32, 2);
        Assert.Equal(2, narrow.Count);
    }
}

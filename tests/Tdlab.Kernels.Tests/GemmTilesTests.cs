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
            Assert.True(rows >= Math.Min(m, GemmTiles.MinRows - mr), $"tile {t}: {rows} rows");
            Assert.True(cols >= Math.Min(n, GemmTiles.MinCols - nr), $"tile {t}: {cols} columns");
            for (int i = i0; i < i0 + rows; i++)
                for (int j = j0; j < j0 + cols; j++) covered[i * n + j]++;
        }

        Assert.All(covered, x => Assert.Equal(1, x));
        Assert.True(tiles.Count <= GemmTiles.PerThread * threads + Math.Max(tiles.Bands, tiles.Strips));
    }

    [Fact]
    public void LargeProducts_GetSeveralTilesPerThread()
    {
        Assert.True(GemmTiles.For(1024, 1024, 8, 32, 2).Count >= 2 * GemmTiles.PerThread);
        Assert.True(GemmTiles.For(256, 256, 8, 32, 2).Count >= 2 * GemmTiles.PerThread);
        Assert.Equal(1, GemmTiles.For(64, 100, 8, 32, 2).Count); // too small to cut
    }
}

using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// The grid of units that threads take under one shared B panel: a partition of the panel's columns of C
/// along register-tile edges, row bands first, no band taller than MC.
/// </summary>
public sealed class GemmTilesTests
{
    [Theory]
    [InlineData(1024, 512, 8, 32, 448, 2)]
    [InlineData(256, 256, 8, 32, 448, 2)]
    [InlineData(1000, 77, 8, 16, 296, 2)]
    [InlineData(65, 3000, 6, 16, 96, 4)]
    [InlineData(4096, 130, 8, 32, 128, 2)]
    [InlineData(300, 300, 4, 4, 96, 3)]
    [InlineData(128, 672, 8, 32, 896, 2)]
    [InlineData(33, 96, 8, 32, 96, 2)]
    public void Units_PartitionThePanel_OnRegisterTileEdges(int m, int cols, int mr, int nr, int mc, int threads)
    {
        GemmTiles tiles = GemmTiles.For(m, cols, mr, nr, mc, threads);
        // the widest panel, and one a sliver narrower (panels of one product differ by at most one sliver)
        foreach (int width in new[] { cols, Math.Max(1, cols - nr) })
        {
            var covered = new int[m * width];
            for (int u = 0; u < tiles.Count; u++)
            {
                var (i0, rows, j0, w) = tiles.Unit(u, width);
                Assert.True(rows >= 0 && w >= 0);
                if (rows == 0 || w == 0) continue;
                Assert.Equal(0, i0 % mr);
                Assert.Equal(0, j0 % nr);
                Assert.True(rows <= Math.Max(mc, mr), $"unit {u}: {rows} rows, MC {mc}");
                for (int i = i0; i < i0 + rows; i++)
                    for (int j = j0; j < j0 + w; j++) covered[i * width + j]++;
            }

            Assert.All(covered, x => Assert.Equal(1, x));
        }

        // bands of at least MinRows, unless MC (A block in L2) or one band per thread needs more
        Assert.True(tiles.Bands <= Math.Max(m / GemmTiles.MinRows, Math.Max(threads, (m + mc - 1) / mc + threads)), $"{tiles}");
        Assert.True(tiles.Strips <= Math.Max(threads, cols / GemmTiles.MinCols), $"{tiles}");
        Assert.True(tiles.Count % threads == 0 || tiles.Count < threads, $"{tiles.Count} units on {threads} threads");
    }

    [Fact]
    public void BandsFirst_StripsOnlyWhenRowsRunShort()
    {
        // 1024 rows under a 512-column panel on 2 threads: 8 bands of 128 rows, the whole panel each
        Assert.Equal((8, 1), (GemmTiles.For(1024, 512, 8, 32, 448, 2).Bands, GemmTiles.For(1024, 512, 8, 32, 448, 2).Strips));
        // 128 rows (a batch of 128): 2 bands of 64, and 4 strips of the panel's 512 columns
        GemmTiles shortRows = GemmTiles.For(128, 512, 8, 32, 448, 2);
        Assert.Equal((2, 4), (shortRows.Bands, shortRows.Strips));
        // MC binds: 4096 rows at MC 128 need 32 bands, more than 4 a thread
        Assert.Equal((32, 1), (GemmTiles.For(4096, 130, 8, 32, 128, 2).Bands, GemmTiles.For(4096, 130, 8, 32, 128, 2).Strips));
        // one band or strip per thread when even that misses the minimums: 100 x 100 on 2 threads
        Assert.Equal(2, GemmTiles.For(100, 100, 8, 32, 448, 2).Count);
    }

    [Fact]
    public void Part_CutsWholeUnits_AndEmptiesPartsBeyondThem()
    {
        Assert.Equal((0, 32), GemmTiles.Part(70, 8, 2, 0));
        Assert.Equal((32, 38), GemmTiles.Part(70, 8, 2, 1));
        // 3 units in 4 parts: one part is empty, none reaches past the end
        var parts = Enumerable.Range(0, 4).Select(q => GemmTiles.Part(20, 8, 4, q)).ToArray();
        Assert.Equal(20, parts.Sum(p => p.Length));
        Assert.All(parts, p => Assert.True(p.Start + p.Length <= 20 && p.Length >= 0));
    }
}

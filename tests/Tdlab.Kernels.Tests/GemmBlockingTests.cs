using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// The analytical blocking model (GemmBlocking.Model; Low et al. 2016, §4) on synthetic cache descriptions,
/// each expected value worked out by hand from the model's three formulas, and the sysfs reader.
/// </summary>
public sealed class GemmBlockingTests
{
    private static readonly CacheGeometry Zen5 = CacheGeometry.Zen5;

    /// <summary>Intel Xeon family 6 model 207 (issue 17's host): L1d 48 KiB 12-way, L2 2 MiB 16-way, L3 105 MiB 15-way over 64 cores.</summary>
    private static readonly CacheGeometry Xeon = new(new CacheLevel(48 * 1024, 12, 64), new CacheLevel(2 << 20, 16, 64),
        new CacheLevel(105 << 20, 15, 64, SharedBy: 64), "test");

    /// <summary>A Haswell-like core: L1d 32 KiB 8-way, L2 256 KiB 8-way, L3 8 MiB 16-way over 8 CPUs.</summary>
    private static readonly CacheGeometry Haswell = new(new CacheLevel(32 * 1024, 8, 64), new CacheLevel(256 * 1024, 8, 64),
        new CacheLevel(8 << 20, 16, 64, SharedBy: 8), "test");

    [Fact]
    public void Zen5_Avx512()
    {
        // float 8 x 32: C_Ar = floor(11 / (1 + 4)) = 2, KC = 2*64*64/(8*4) = 256;
        // C_Ac = floor((16 - 1 - ceil(256*32*4 / 65536)) / 2) = 7, MC = 7*65536/(256*4) = 448;
        // panel in the L2 ways left: (16 - 1 - 7)*65536/1024 = 512; the L3 bound (4 MiB share, 4096 sets:
        // C_Bc = 16 - 1 - ceil(448*256*4 / 262144) = 13, 13*262144/1024 = 3328) does not bind
        Assert.Equal(new GemmBlocking(8, 32, 256, 448, 512), GemmBlocking.Model(Zen5, 8, 32, 4));
        // double 8 x 16: C_Ar = floor(11/3) = 3, KC = 3*4096/64 = 192; MC = 7*65536/1536 = 298 -> 296;
        // NC = min(8*65536/1536 = 341 -> 336, 13*262144/1536 = 2218)
        Assert.Equal(new GemmBlocking(8, 16, 192, 296, 336), GemmBlocking.Model(Zen5, 8, 16, 8));
    }

    [Fact]
    public void FarC_WhenTheBlockOfCAKBlockSweepsExceedsL2()
    {
        // Zen 5, L2 1 MiB. float NC 512: 1024 x 512 x 4 B = 2 MiB (far), 512 x 512 x 4 = 1 MiB (not larger: near),
        // 1024 rows of a 200-wide C 800 KiB (near); double NC 336: 1024 x 336 x 8 = 2.6 MiB (far), 256 rows 672 KiB (near)
        GemmBlocking f = GemmBlocking.Model(Zen5, 8, 32, 4), d = GemmBlocking.Model(Zen5, 8, 16, 8);
        Assert.True(GemmDriver<float, GemmKernel512<float>>.FarC(1024, 1024, f, Zen5.L2));
        Assert.False(GemmDriver<float, GemmKernel512<float>>.FarC(512, 512, f, Zen5.L2));
        Assert.False(GemmDriver<float, GemmKernel512<float>>.FarC(1024, 200, f, Zen5.L2));
        Assert.True(GemmDriver<double, GemmKernel512<double>>.FarC(1024, 1024, d, Zen5.L2));
        Assert.False(GemmDriver<double, GemmKernel512<double>>.FarC(256, 1024, d, Zen5.L2));
    }

    [Fact]
    public void Xeon_Avx512()
    {
        // L1 as Zen 5: KC 256 (float). L2 2 MiB: 2048 sets, one way 128 KiB: MC = 7*131072/1024 = 896.
        // L3 share 105 MiB/64 = 1680 KiB, 15 ways: 1792 sets, one way 112 KiB;
        // L2 panel 8*131072/1024 = 1024; the L3 bound binds: C_Bc = 15 - 1 - ceil(896*256*4 / 114688) = 6,
        // NC = 6*114688/1024 = 672
        Assert.Equal(new GemmBlocking(8, 32, 256, 896, 672), GemmBlocking.Model(Xeon, 8, 32, 4));
        // a 960 KiB L3 share (15 ways of 64 KiB): the A block (896 KiB, 14 ways) leaves the panel no way beside
        // it, so it takes the share alone (non-inclusive L3): C_Bc = 15 - 1 = 14, NC = min(1024, 14*65536/1024 = 896)
        var smallL3 = Xeon with { L3 = new CacheLevel(15 << 20, 15, 64, SharedBy: 16) };
        Assert.Equal(new GemmBlocking(8, 32, 256, 896, 896), GemmBlocking.Model(smallL3, 8, 32, 4));
    }

    [Fact]
    public void Haswell_Avx2()
    {
        // float 6 x 16: C_Ar = floor(7 / (1 + 16/6)) = 1, KC = 4096/24 = 170 -> 168;
        // L2 512 sets, one way 32 KiB: C_Ac = floor((8 - 1 - ceil(168*16*4/32768)) / 2) = 3, MC = 3*32768/672 = 146 -> 144;
        // panel in the L2 ways left: (8 - 1 - 3)*32768/672 = 195 -> 192; the L3 bound (1 MiB share:
        // C_Bc = 16 - 1 - ceil(144*168*4/65536) = 13, 13*65536/672 = 1267) does not bind
        Assert.Equal(new GemmBlocking(6, 16, 168, 144, 192), GemmBlocking.Model(Haswell, 6, 16, 4));
    }

    [Fact]
    public void NoL3_OnlyTheL2Term()
    {
        var noL3 = Zen5 with { L3 = default };
        GemmBlocking b = GemmBlocking.Model(noL3, 8, 32, 4);
        Assert.Equal((256, 448, 512), (b.KC, b.MC, b.NC));
    }

    [Fact]
    public void TinyCaches_StayPositiveMultiples()
    {
        var tiny = new CacheGeometry(new CacheLevel(4096, 2, 64), new CacheLevel(8192, 2, 64), new CacheLevel(16384, 2, 64), "test");
        foreach ((int mr, int nr, int s) in new[] { (8, 32, 4), (8, 16, 8), (6, 16, 4), (6, 8, 8), (4, 4, 4) })
        {
            GemmBlocking b = GemmBlocking.Model(tiny, mr, nr, s);
            Assert.True(b.KC >= 8 && b.KC % 8 == 0, $"{b}");
            Assert.True(b.MC >= mr && b.MC % mr == 0, $"{b}");
            Assert.True(b.NC >= nr && b.NC % nr == 0, $"{b}");
        }
    }

    [Fact]
    public void Sysfs_ReadsLevelsAndSkipsInstructionCache()
    {
        string root = Path.Combine(Path.GetTempPath(), "tdlab-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteIndex(root, 0, 1, "Data", "48K", 12, "0");
            WriteIndex(root, 1, 1, "Instruction", "32K", 8, "0");
            WriteIndex(root, 2, 2, "Unified", "2048K", 16, "0");
            WriteIndex(root, 3, 3, "Unified", "105M", 15, "0-31,64-95");
            CacheGeometry? g = CacheGeometry.Detect(root);
            Assert.NotNull(g);
            Assert.Equal(new CacheLevel(48 * 1024, 12, 64, 1), g.L1);
            Assert.Equal(new CacheLevel(2 << 20, 16, 64, 1), g.L2);
            Assert.Equal(new CacheLevel(105 << 20, 15, 64, 64), g.L3);
            Assert.Equal("sysfs", g.Source);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Sysfs_MissingOrIncomplete_GivesNull()
    {
        Assert.Null(CacheGeometry.Detect("/nonexistent/tdlab/cache"));
        string root = Path.Combine(Path.GetTempPath(), "tdlab-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteIndex(root, 0, 1, "Data", "48K", 12, "0"); // no L2
            Assert.Null(CacheGeometry.Detect(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void HostBlocking_IsTheModelsForTheHostCaches()
    {
        GemmBlocking f = Gemm.Blocking<float>(), d = Gemm.Blocking<double>();
        Assert.Equal(GemmBlocking.Model(CacheGeometry.Host, f.MR, f.NR, 4), f);
        Assert.Equal(GemmBlocking.Model(CacheGeometry.Host, d.MR, d.NR, 8), d);
    }

    private static void WriteIndex(string root, int index, int level, string type, string size, int ways, string shared)
    {
        string dir = Path.Combine(root, $"index{index}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "level"), $"{level}\n");
        File.WriteAllText(Path.Combine(dir, "type"), $"{type}\n");
        File.WriteAllText(Path.Combine(dir, "size"), $"{size}\n");
        File.WriteAllText(Path.Combine(dir, "ways_of_associativity"), $"{ways}\n");
        File.WriteAllText(Path.Combine(dir, "coherency_line_size"), "64\n");
        File.WriteAllText(Path.Combine(dir, "shared_cpu_list"), $"{shared}\n");
    }
}

using System.Globalization;

namespace Tdlab.Kernels;

/// <summary>
/// The data caches of one core (L1d, L2) and the last-level cache (L3), as the host reports them.
/// On Linux: /sys/devices/system/cpu/cpu0/cache/index*/{level,type,size,ways_of_associativity,
/// coherency_line_size,shared_cpu_list}. Elsewhere, or when the files are missing or implausible, the
/// AMD Zen 5 core the GEMM was first tuned on (<see cref="Zen5"/>).
/// </summary>
/// <param name="L1">Level-1 data cache.</param>
/// <param name="L2">Level-2 unified cache.</param>
/// <param name="L3">Level-3 unified cache (Bytes = 0 when absent).</param>
/// <param name="Source">Where the description came from ("sysfs" or "fallback (Zen 5)").</param>
public sealed record CacheGeometry(CacheLevel L1, CacheLevel L2, CacheLevel L3, string Source)
{
    private const string SysfsRoot = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>The <see cref="Source"/> of a description read from sysfs.</summary>
    public const string SysfsSource = "sysfs";

    /// <summary>AMD Zen 5 (EPYC, family 26): L1d 48 KiB 12-way, L2 1 MiB 16-way, L3 32 MiB 16-way; 64-byte lines.</summary>
    public static CacheGeometry Zen5 { get; } = new(
        new CacheLevel(48 * 1024, 12, 64), new CacheLevel(1024 * 1024, 16, 64),
        new CacheLevel(32 * 1024 * 1024, 16, 64, SharedBy: 8), "fallback (Zen 5)");

    /// <summary>This host's caches, read once per process.</summary>
    public static CacheGeometry Host { get; } = Detect(SysfsRoot) ?? Zen5;

    /// <summary>
    /// Reads a Linux sysfs cache directory (index0, index1, ...); null when L1d or L2 is missing or a
    /// size cannot be parsed. Exposed with a root so tests can feed synthetic descriptions.
    /// </summary>
    public static CacheGeometry? Detect(string root)
    {
        try
        {
            if (!Directory.Exists(root)) return null;
            CacheLevel l1 = default, l2 = default, l3 = default;
            foreach (string dir in Directory.GetDirectories(root, "index*"))
            {
                string type = Read(dir, "type");
                if (type != "Data" && type != "Unified") continue;
                var level = new CacheLevel(
                    ParseSize(Read(dir, "size")),
                    ParseInt(Read(dir, "ways_of_associativity")),
                    ParseInt(Read(dir, "coherency_line_size")),
                    Math.Max(1, CountCpus(Read(dir, "shared_cpu_list"))));
                switch (ParseInt(Read(dir, "level")))
                {
                    case 1: l1 = level; break;
                    case 2: l2 = level; break;
                    case 3: l3 = level; break;
                }
            }

            return l1.Known && l2.Known ? new CacheGeometry(l1, l2, l3.Known ? l3 : default, SysfsSource) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static string Read(string dir, string name)
    {
        string path = Path.Combine(dir, name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "";
    }

    private static int ParseInt(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : 0;

    /// <summary>"48K" / "1024K" / "32M" / "65536" to bytes; 0 when unparsable.</summary>
    internal static int ParseSize(string s)
    {
        if (s.Length == 0) return 0;
        long unit = char.ToUpperInvariant(s[^1]) switch { 'K' => 1024, 'M' => 1024 * 1024, 'G' => 1024 * 1024 * 1024, _ => 1 };
        string digits = unit == 1 ? s : s[..^1];
        return long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v * unit <= int.MaxValue
            ? (int)(v * unit) : 0;
    }

    /// <summary>Number of CPUs in a list such as "0-3,8,10-11".</summary>
    internal static int CountCpus(string list)
    {
        int count = 0;
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-');
            if (dash < 0) { count += ParseInt(part) >= 0 && part.Length > 0 ? 1 : 0; continue; }
            int lo = ParseInt(part[..dash]), hi = ParseInt(part[(dash + 1)..]);
            count += Math.Max(0, hi - lo + 1);
        }

        return count;
    }
}

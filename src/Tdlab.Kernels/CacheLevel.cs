namespace Tdlab.Kernels;

/// <summary>
/// One data cache level as the analytical blocking model needs it: capacity, associativity, line size,
/// and how many logical CPUs share it. Sets = Bytes / (Ways * LineBytes).
/// </summary>
/// <param name="Bytes">Capacity in bytes (0: the level is absent or unknown).</param>
/// <param name="Ways">Associativity W (ways per set).</param>
/// <param name="LineBytes">Cache line size C in bytes.</param>
/// <param name="SharedBy">Logical CPUs sharing this cache (1 for a private cache).</param>
public readonly record struct CacheLevel(int Bytes, int Ways, int LineBytes, int SharedBy = 1)
{
    /// <summary>N, the number of sets (at least 1).</summary>
    public int Sets => Math.Max(1, Bytes / (Math.Max(1, Ways) * Math.Max(1, LineBytes)));

    /// <summary>Bytes of one way: N * C.</summary>
    public int WayBytes => Sets * LineBytes;

    /// <summary>True when the level has a usable description.</summary>
    public bool Known => Bytes > 0 && Ways > 0 && LineBytes > 0;
}

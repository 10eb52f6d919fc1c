namespace Tdlab.Kernels;

/// <summary>
/// Cache blocking of the GEMM loop nest (GemmDriver) for one micro-kernel (MR x NR register tile) and
/// element size, chosen from the host's caches after the analytical model of Low, Igual, Smith and
/// Quintana-Orti, "Analytical modeling is enough for high-performance BLIS", ACM TOMS 43(2), 2016, §4:
/// <code>
/// L1 (W1 ways, N1 sets, C1-byte lines): the KC x NR sliver of B stays while MR x KC slivers of A stream
///   through; one way is kept free for the incoming A sliver (LRU), the rest split in proportion MR : NR:
///   C_Ar = floor((W1 - 1) / (1 + NR/MR)),   KC = C_Ar * N1 * C1 / (MR * S)
/// L2: the MC x KC block of A beside the B sliver (C_Br ways) and one free way, at half the paper's ways:
///   C_Ac = floor((W2 - 1 - ceil(KC * NR * S / (N2 * C2))) / 2),   MC = C_Ac * N2 * C2 / (KC * S)
/// the KC x NC panel of B in the L2 ways the A block leaves (the paper: in L3), at most the L3 model's:
///   NC = min((W2 - 1 - C_Ac) * N2 * C2 / (KC * S),  C_Bc * N3 * C3 / (KC * S))
/// L3 (this core's share: capacity / SharedBy): C_Bc = W3 - 1 - ceil(MC * KC * S / (N3 * C3))
/// </code>
/// S = element bytes (4 float, 8 double). KC is rounded down to a multiple of 8, MC to one of MR,
/// NC to one of NR. Where the A block does not fit beside the panel in the L3 share (Intel Xeon since
/// Skylake-SP: a non-inclusive L3 of about 1.9 MiB a core behind a 2 MiB L2, so the A block lives in L2
/// only), the L3 bound takes the share alone: C_Bc = W3 - 1. Without an L3 only the L2 term counts.
/// Two departures from the paper, both because this driver reads A in place (<see cref="PackA"/>) where the
/// paper packs it: rows of an unpacked A block can fall on the same L2 sets (a row stride that is a
/// multiple of 4 KiB puts every row on the same KC*S/4096 of the page-offset sets), hence half the ways;
/// and with a modest MC the B panel is re-read once per A block, so it must stay in L2. Measured on Zen 5
/// (2026-12-01, process CPU time, interleaved): dgemm 1024 at NC 2208 (a 3.3 MiB panel, the paper's L3
/// size) ran at 88-94 GFLOP/s against 97-101 at NC 256; MC 96..296 did not differ, nor sgemm MC 128..896.
/// KC fixes where each C element's sum over k is split (see GemmDriver), so it decides the bits of C:
/// a host whose L1 differs in size or associativity sums in a different order (never a different thread
/// count on one host).
/// </summary>
/// <param name="MR">Rows of the micro-kernel's register tile.</param>
/// <param name="NR">Columns of the register tile.</param>
/// <param name="KC">Depth of a k block (the A and B slivers' length).</param>
/// <param name="MC">Rows of the A block kept in L2.</param>
/// <param name="NC">Columns of the B panel kept in L3.</param>
public sealed record GemmBlocking(int MR, int NR, int KC, int MC, int NC)
{
    /// <summary>The model's blocking for caches <paramref name="g"/>, an MR x NR kernel and S-byte elements.</summary>
    public static GemmBlocking Model(CacheGeometry g, int mr, int nr, int elementBytes)
    {
        int s = elementBytes;
        CacheLevel l1 = g.L1, l2 = g.L2, l3 = g.L3;

        int cAr = Math.Max(1, (int)Math.Floor((l1.Ways - 1) / (1.0 + (double)nr / mr)));
        int kc = RoundDown((int)((long)cAr * l1.WayBytes / ((long)mr * s)), 8);

        int cBr2 = CeilDiv((long)kc * nr * s, l2.WayBytes);
        int cAc = Math.Max(1, (l2.Ways - 1 - cBr2) / 2);
        int mc = RoundDown((int)((long)cAc * l2.WayBytes / ((long)kc * s)), mr);

        int cBc2 = Math.Max(1, l2.Ways - 1 - cAc);
        long nc = (long)cBc2 * l2.WayBytes / ((long)kc * s);
        if (l3.Known)
        {
            var share = l3 with { Bytes = l3.Bytes / Math.Max(1, l3.SharedBy) };
            int cAc3 = CeilDiv((long)mc * kc * s, share.WayBytes);
            int cBc = cAc3 < share.Ways - 1 ? share.Ways - 1 - cAc3 : Math.Max(1, share.Ways - 1);
            nc = Math.Min(nc, (long)cBc * share.WayBytes / ((long)kc * s));
        }

        return new GemmBlocking(mr, nr, kc, mc, RoundDown((int)Math.Min(int.MaxValue, nc), nr));
    }

    /// <summary>
    /// A is streamed in place with its own strides (only a partial MR sliver is packed): measured, a
    /// scalar repack of A cost 20-30% at n = 1024 and gained nothing, since the A block sits in L2; a
    /// vectorised repack (8 x 8 transposes) at the paper's MC (592) gave dgemm 1024 92-96 GFLOP/s against
    /// 103 unpacked at MC 96 (2026-12-01).
    /// </summary>
    internal static bool PackA => false;

    /// <summary>
    /// Pack B when its rows are not contiguous (op(B) = B^T), when many rows of C reuse it (m &gt; 192:
    /// the copy is amortised and the panel stays dense in L2), or when its row stride is a multiple of
    /// 4 KiB (every row of a sliver would map to the same L1 set). Otherwise stream B in place.
    /// </summary>
    internal static unsafe bool PackB<T>(int m, nint brs, nint bcs) where T : unmanaged
        => bcs != 1 || m > 192 || brs * sizeof(T) % 4096 == 0;

    private static int RoundDown(int x, int q) => Math.Max(q, x / q * q);

    private static int CeilDiv(long x, long q) => (int)((x + q - 1) / q);
}

namespace Tdlab.Kernels;

/// <summary>
/// Cache blocking of the GEMM loop nest (GemmDriver) for one micro-kernel (MR x NR register tile) and
/// element size, chosen from the host's caches by the analytical model of Low, Igual, Smith and
/// Quintana-Orti, "Analytical modeling is enough for high-performance BLIS", ACM TOMS 43(2), 2016, §4:
/// <code>
/// L1 (W1 ways, N1 sets, C1-byte lines): the KC x NR sliver of B stays while MR x KC slivers of A stream
///   through; one way is kept free for the incoming A sliver (LRU), the rest split in proportion MR : NR:
///   C_Ar = floor((W1 - 1) / (1 + NR/MR)),   KC = C_Ar * N1 * C1 / (MR * S)
/// L2: the MC x KC block of A, beside the B sliver (C_Br ways) and one free way, at half the ways the paper
///   gives it (below): C_Ac = floor((W2 - 1 - ceil(KC * NR * S / (N2 * C2))) / 2),   MC = C_Ac * N2 * C2 / (KC * S)
/// L3 (this core's share: capacity / SharedBy): the KC x NC panel of B beside the A block:
///   C_Bc = W3 - 1 - ceil(MC * KC * S / (N3 * C3)),   NC = C_Bc * N3 * C3 / (KC * S)
/// </code>
/// Where the A block does not fit beside the panel in the L3 share (Intel Xeon since Skylake-SP: a
/// non-inclusive L3 of about 1.9 MiB a core behind a 2 MiB L2, so the A block lives in L2 only), the
/// panel takes the share alone: C_Bc = W3 - 1.
/// The halving is ours: the paper packs the A block contiguously, while this driver reads A in place
/// (<see cref="PackA"/>), each row's KC segment at A's row stride, so rows can fall on the same L2 sets (a
/// stride that is a multiple of 4 KiB puts every row on the same KC*S/4096 of the page-offset sets). On
/// Zen 5, dgemm 1024 ran 3-10% slower at the paper's MC (592) than at 96..296 (CPU time, interleaved,
/// 2026-12-01); sgemm did not differ between MC 128 and 896.
/// S = element bytes (4 float, 8 double). KC is rounded down to a multiple of 8, MC to one of MR,
/// NC to one of NR. With no L3, NC covers the same bytes as the A block. KC fixes where each C
/// element's sum over k is split (see GemmDriver), so it decides the bits of C: a host whose L1 differs
/// in size or associativity sums in a different order (never a different thread count on one host).
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

        int nc;
        if (l3.Known)
        {
            var share = l3 with { Bytes = l3.Bytes / Math.Max(1, l3.SharedBy) };
            int cAc3 = CeilDiv((long)mc * kc * s, share.WayBytes);
            int cBc = cAc3 < share.Ways - 1 ? share.Ways - 1 - cAc3 : Math.Max(1, share.Ways - 1);
            nc = RoundDown((int)Math.Min(int.MaxValue, (long)cBc * share.WayBytes / ((long)kc * s)), nr);
        }
        else
        {
            nc = RoundDown(mc, nr);
        }

        return new GemmBlocking(mr, nr, kc, mc, nc);
    }

    /// <summary>
    /// A is streamed in place with its own strides (only a partial MR sliver is packed): measured, a
    /// scalar repack of A cost 20-30% at n = 1024 and gained nothing, since the A block sits in L2.
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

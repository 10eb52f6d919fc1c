namespace Tdlab.Kernels;

/// <summary>
/// Cache blocking for the GEMM driver, tuned on AMD Zen 5 (L1d 48 KiB, L2 1 MiB per core) with the
/// 8 x 32 / 8 x 16 AVX-512 kernels: the B sliver KC x NR (32 KiB) stays in L1, the A block MC x KC
/// (128 KiB float, 192 KiB double) in L2, the B panel KC x NC (512 KiB) in L2. Measured alternatives
/// (KC 128..512, MC 64..384, NC 256..2048) were within the machine's noise of these at n = 1024.
/// </summary>
internal static class GemmBlocking
{
    public static unsafe int KC<T>() where T : unmanaged => 256;

    public static unsafe int MC<T>(int mr) where T : unmanaged => (sizeof(T) == 4 ? 128 : 96) / mr * mr;

    public static unsafe int NC<T>(int nr) where T : unmanaged => (sizeof(T) == 4 ? 512 : 256) / nr * nr;

    /// <summary>
    /// A is streamed in place with its own strides (only a partial MR sliver is packed): measured, a
    /// scalar repack of A cost 20-30% at n = 1024 and gained nothing, since the A block sits in L2.
    /// </summary>
    public static bool PackA => false;

    /// <summary>
    /// Pack B when its rows are not contiguous (op(B) = B^T), when many rows of C reuse it (m &gt; 192:
    /// the copy is amortised and the panel stays dense in L2), or when its row stride is a multiple of
    /// 4 KiB (every row of a sliver would map to the same L1 set). Otherwise stream B in place.
    /// </summary>
    public static unsafe bool PackB<T>(int m, nint brs, nint bcs) where T : unmanaged
        => bcs != 1 || m > 192 || brs * sizeof(T) % 4096 == 0;
}

namespace Tdlab.Kernels;

/// <summary>
/// Cache blocking for the GEMM driver, tuned on AMD Zen 5 (L1d 48 KiB, L2 1 MiB per core):
/// the B sliver KC x NR stays in L1, the A block MC x KC in L2, the B panel KC x NC in L2/L3.
/// </summary>
internal static class GemmBlocking
{
    private static readonly int EnvKc = Env("TDLAB_GEMM_KC"), EnvMc = Env("TDLAB_GEMM_MC"), EnvNc = Env("TDLAB_GEMM_NC");
    private static readonly int EnvPackA = Env("TDLAB_GEMM_PACKA"), EnvPackB = Env("TDLAB_GEMM_PACKB");

    private static int Env(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : -1;

    public static unsafe int KC<T>() where T : unmanaged => EnvKc > 0 ? EnvKc : sizeof(T) == 4 ? 256 : 256;

    public static unsafe int MC<T>(int mr) where T : unmanaged => (EnvMc > 0 ? EnvMc : sizeof(T) == 4 ? 128 : 96) / mr * mr;

    public static unsafe int NC<T>(int nr) where T : unmanaged => (EnvNc > 0 ? EnvNc : sizeof(T) == 4 ? 512 : 256) / nr * nr;

    /// <summary>Pack A when it is large enough for the packing to pay (streams fewer lines, no 4K aliasing).</summary>
    public static bool PackA(int m, int n, int k, nint ars, nint acs)
        => EnvPackA >= 0 ? EnvPackA == 1 : false;

    /// <summary>
    /// Pack B when its rows are not contiguous (op(B) = B^T), when many rows of C reuse it (m &gt; 192:
    /// the copy is amortised and the panel stays dense in L2), or when its row stride is a multiple of
    /// 4 KiB (every row of a sliver would map to the same L1 set). Otherwise stream B in place.
    /// </summary>
    public static unsafe bool PackB<T>(int m, nint brs, nint bcs) where T : unmanaged
        => bcs != 1 || (EnvPackB >= 0 ? EnvPackB == 1 : m > 192 || brs * sizeof(T) % 4096 == 0);
}

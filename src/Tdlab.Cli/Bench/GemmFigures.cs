using System.Diagnostics;
using Tdlab.Kernels;

namespace Tdlab.Cli.Bench;

/// <summary>
/// GEMM throughput figures for <c>tdlab bench</c>: square C = A*B, in GFLOP/s = 2*n^3 / seconds per call,
/// the median over repeated samples after warm-up, each figure time-boxed (about half a second).
/// Keys: sgemm_64 .. sgemm_1024 (float), dgemm_1024 (double). Beside them, the blocking the GEMM chose from
/// this host's caches (not timings): gemm_f32_kc / _mc / _nc, gemm_f64_kc / _mc / _nc, the cache sizes it
/// read, cache_l1d_kib / cache_l2_kib / cache_l3_kib, and cache_from_sysfs (1, or 0 for the built-in Zen 5).
/// </summary>
public static class GemmFigures
{
    private static readonly int[] FloatSizes = [64, 128, 256, 512, 1024];

    /// <summary>Adds the GEMM figures, measured under <see cref="Parallelism.Limit"/>(threads).</summary>
    public static void Measure(IDictionary<string, double> figures, int threads)
    {
        using var scope = Parallelism.Limit(threads);
        AddBlocking(figures, "gemm_f32", Gemm.Blocking<float>());
        AddBlocking(figures, "gemm_f64", Gemm.Blocking<double>());
        CacheGeometry caches = CacheGeometry.Host;
        figures["cache_l1d_kib"] = caches.L1.Bytes / 1024.0;
        figures["cache_l2_kib"] = caches.L2.Bytes / 1024.0;
        figures["cache_l3_kib"] = caches.L3.Bytes / 1024.0;
        figures["cache_from_sysfs"] = caches.Source == CacheGeometry.SysfsSource ? 1 : 0;
        foreach (int n in FloatSizes) figures[$"sgemm_{n}"] = Square<float>(n);
        figures["dgemm_1024"] = Square<double>(1024);
    }

    private static void AddBlocking(IDictionary<string, double> figures, string prefix, GemmBlocking blocking)
    {
        figures[$"{prefix}_kc"] = blocking.KC;
        figures[$"{prefix}_mc"] = blocking.MC;
        figures[$"{prefix}_nc"] = blocking.NC;
    }

    private static double Square<T>(int n) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(n);
        var a = new T[n * n]; var b = new T[n * n]; var c = new T[n * n];
        for (int i = 0; i < a.Length; i++) { a[i] = T.CreateChecked(rng.NextDouble() - 0.5); b[i] = T.CreateChecked(rng.NextDouble() - 0.5); }
        void Call() => Gemm.Compute(Transpose.None, Transpose.None, n, n, n, T.One, a, n, b, n, T.Zero, c, n);
        double seconds = Timing.MedianSeconds(Call, budgetSeconds: 0.5);
        return 2.0 * n * n * n / seconds / 1e9;
    }
}

using System.Diagnostics;
using Tdlab.Kernels;

namespace Tdlab.Cli.Bench;

/// <summary>
/// GEMM throughput figures for <c>tdlab bench</c>: square C = A*B, in GFLOP/s = 2*n^3 / seconds per call,
/// the median over repeated samples after warm-up, each figure time-boxed (about half a second).
/// Keys: sgemm_64 .. sgemm_1024 (float), dgemm_1024 (double).
/// </summary>
public static class GemmFigures
{
    private static readonly int[] FloatSizes = [64, 128, 256, 512, 1024];

    /// <summary>Adds the GEMM figures, measured under <see cref="Parallelism.Limit"/>(threads).</summary>
    public static void Measure(IDictionary<string, double> figures, int threads)
    {
        using var scope = Parallelism.Limit(threads);
        foreach (int n in FloatSizes) figures[$"sgemm_{n}"] = Square<float>(n);
        figures["dgemm_1024"] = Square<double>(1024);
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

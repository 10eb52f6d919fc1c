using BenchmarkDotNet.Attributes;
using Tdlab.Kernels;

namespace Tdlab.Benchmarks;

/// <summary>Square sgemm / dgemm C = A*B (2 n^3 flops per call), on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class GemmSquareBenchmarks
{
    private float[] _af = [], _bf = [], _cf = [];
    private double[] _ad = [], _bd = [], _cd = [];

    [Params(64, 128, 256, 512, 1024)]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(N);
        _af = Fill<float>(rng, N * N); _bf = Fill<float>(rng, N * N); _cf = new float[N * N];
        _ad = Fill<double>(rng, N * N); _bd = Fill<double>(rng, N * N); _cd = new double[N * N];
    }

    [Benchmark]
    public void Sgemm()
    {
        using var _ = Parallelism.Limit(Threads);
        Gemm.Compute(Transpose.None, Transpose.None, N, N, N, 1f, _af, N, _bf, N, 0f, _cf, N);
    }

    [Benchmark]
    public void Dgemm()
    {
        using var _ = Parallelism.Limit(Threads);
        Gemm.Compute(Transpose.None, Transpose.None, N, N, N, 1.0, _ad, N, _bd, N, 0.0, _cd, N);
    }

    internal static T[] Fill<T>(Random rng, int length) where T : System.Numerics.IFloatingPoint<T>
    {
        var x = new T[length];
        for (int i = 0; i < length; i++) x[i] = T.CreateChecked(rng.NextDouble() - 0.5);
        return x;
    }
}

/// <summary>
/// The three products of one dense layer in training, batch 128, 784 -> 256 (float, 1 thread):
/// forward X W (128x784 @ 784x256), weight gradient X^T dY (784x128 @ 128x256), input gradient dY W^T.
/// </summary>
public class GemmTrainingShapeBenchmarks
{
    private const int B = 128, In = 784, Out = 256;
    private readonly float[] _x = GemmSquareBenchmarks.Fill<float>(new Random(1), B * In);
    private readonly float[] _w = GemmSquareBenchmarks.Fill<float>(new Random(2), In * Out);
    private readonly float[] _dy = GemmSquareBenchmarks.Fill<float>(new Random(3), B * Out);
    private readonly float[] _y = new float[B * Out], _dw = new float[In * Out], _dx = new float[B * In];

    [Benchmark]
    public void Forward_XW() =>
        Gemm.Compute(Transpose.None, Transpose.None, B, Out, In, 1f, _x, In, _w, Out, 0f, _y, Out);

    [Benchmark]
    public void WeightGrad_XtDy() =>
        Gemm.Compute(Transpose.Transpose, Transpose.None, In, Out, B, 1f, _x, In, _dy, Out, 0f, _dw, Out);

    [Benchmark]
    public void InputGrad_DyWt() =>
        Gemm.Compute(Transpose.None, Transpose.Transpose, B, In, Out, 1f, _dy, Out, _w, Out, 0f, _dx, In);

    [GlobalSetup]
    public void Setup() => Parallelism.DefaultThreads = 1;
}

/// <summary>An ensemble of 100 small nets: 100 products (32x10 @ 10x100) in one batched call vs a loop.</summary>
public class GemmEnsembleBenchmarks
{
    private const int E = 100, M = 32, K = 10, N = 100;
    private readonly float[] _a = GemmSquareBenchmarks.Fill<float>(new Random(1), E * M * K);
    private readonly float[] _b = GemmSquareBenchmarks.Fill<float>(new Random(2), E * K * N);
    private readonly float[] _c = new float[E * M * N];

    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark(Baseline = true)]
    public void Loop()
    {
        using var _ = Parallelism.Limit(Threads);
        for (int e = 0; e < E; e++)
            Gemm.Compute(Transpose.None, Transpose.None, M, N, K, 1f, _a.AsSpan(e * M * K), K, _b.AsSpan(e * K * N), N, 0f, _c.AsSpan(e * M * N), N);
    }

    [Benchmark]
    public void Batched()
    {
        using var _ = Parallelism.Limit(Threads);
        Gemm.ComputeBatched(Transpose.None, Transpose.None, E, M, N, K, 1f, _a, K, M * K, _b, N, K * N, 0f, _c, N, M * N);
    }
}

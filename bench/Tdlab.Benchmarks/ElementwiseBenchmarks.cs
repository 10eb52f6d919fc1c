using BenchmarkDotNet.Attributes;
using Tdlab.Kernels;

namespace Tdlab.Benchmarks;

/// <summary>
/// Transcendental elementwise kernels on 32768 floats (one thread; the kernels are single-threaded):
/// tanh, sigmoid, softplus (e^x and log1p) and a softmax over 128 rows of 256 (e^{x - max}). Inputs uniform in (-5, 5).
/// dotnet run -c Release --project bench/Tdlab.Benchmarks -- --filter '*Elementwise*'
/// </summary>
public class ElementwiseBenchmarks
{
    const int N = 32768;
    private readonly float[] _x = new float[N], _y = new float[N];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int i = 0; i < N; i++) _x[i] = (float)(rng.NextDouble() * 10 - 5);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Tanh() => Elementwise.Tanh<float>(_x, _y);

    [Benchmark(OperationsPerInvoke = N)]
    public void Sigmoid() => Elementwise.Sigmoid<float>(_x, _y);

    [Benchmark(OperationsPerInvoke = N)]
    public void Softplus() => Elementwise.Softplus<float>(_x, 1f, _y);

    [Benchmark(OperationsPerInvoke = N)]
    public void Softmax() => Rows.Softmax<float>(_x, N / 256, 256, _y);
}

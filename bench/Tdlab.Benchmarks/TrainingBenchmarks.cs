using BenchmarkDotNet.Attributes;
using Tdlab.Kernels;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Benchmarks;

/// <summary>
/// One training step (zero grad, forward, loss, backward, SGD) of the peer's workloads on one thread
/// (the same as <c>tdlab bench</c>'s training figures): the 784-256-256-10 relu MLP (batch 128,
/// cross-entropy) and the 100-member 10-100-1 relu ensemble (batch 32 per member, MSE).
/// The memory diagnoser shows the managed allocation per step (storage comes from the pool).
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Sequential<float> _mlp = null!, _ensemble = null!;
    private Sgd<float> _mlpSgd = null!, _ensembleSgd = null!;
    private Tensor<float> _x = null!, _ex = null!, _ey = null!;
    private readonly int[] _labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(0, "bench/training");
        _mlp = Mlp.Build<float>(784, [256, 256], 10, rng.Child("mlp"));
        _mlpSgd = new Sgd<float>(_mlp.Parameters(), lr: 1e-3);
        _x = Tensor.Normal<float>(rng.Child("x"), new Shape(128, 784));
        var seeds = Enumerable.Range(1, 100).Select(e => (ulong)e).ToArray();
        _ensemble = Mlp.Build<float>(10, [100], 1, Members.Ensemble(seeds, "member"));
        _ensembleSgd = new Sgd<float>(_ensemble.Parameters(), lr: 1e-2);
        _ex = Tensor.Normal<float>(rng.Child("ex"), new Shape(100, 32, 10));
        _ey = Tensor.Normal<float>(rng.Child("ey"), new Shape(100, 32, 1));
    }

    [Benchmark]
    public void Mlp784Step()
    {
        using var _ = Parallelism.Limit(1);
        _mlpSgd.ZeroGrad();
        using (TensorScope.Begin()) Loss.CrossEntropy(_mlp.Forward(_x), _labels).Backward();
        _mlpSgd.Step();
    }

    [Benchmark]
    public void Ensemble100Step()
    {
        using var _ = Parallelism.Limit(1);
        _ensembleSgd.ZeroGrad();
        using (TensorScope.Begin()) Loss.Mse(_ensemble.Forward(_ex), _ey).Sum().Backward();
        _ensembleSgd.Step();
    }
}

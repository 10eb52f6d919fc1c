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
/// cross-entropy), the 20-layer tanh net (784-[256]x20-10, batch 128), the 100-layer relu net
/// (128-[128]x100-10, batch 64) and the 100-member 10-100-1 relu ensemble (batch 32 per member, MSE).
/// The memory diagnoser shows the managed allocation per step (storage comes from the pool).
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Sequential<float> _mlp = null!, _ensemble = null!, _tanh20 = null!, _relu100 = null!;
    private Sgd<float> _mlpSgd = null!, _ensembleSgd = null!, _tanh20Sgd = null!, _relu100Sgd = null!;
    private Tensor<float> _x = null!, _ex = null!, _ey = null!, _x128 = null!;
    private readonly int[] _labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
    private readonly int[] _labels64 = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();

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
        _tanh20 = Mlp.Build<float>(784, 20, 256, 10, rng.Child("tanh20"), Activation.Tanh,
            init: LayerInit.WithZeroBias(Init.XavierNormal(Init.Gain(Activation.Tanh))));
        _tanh20Sgd = new Sgd<float>(_tanh20.Parameters(), lr: 1e-3);
        _relu100 = Mlp.Build<float>(128, 100, 128, 10, rng.Child("relu100"), Activation.Relu,
            init: LayerInit.WithZeroBias(Init.KaimingNormal()));
        _relu100Sgd = new Sgd<float>(_relu100.Parameters(), lr: 1e-3);
        _x128 = Tensor.Normal<float>(rng.Child("x128"), new Shape(64, 128));
    }

    [Benchmark]
    public void Tanh20Step() => ClassifierStep(_tanh20, _tanh20Sgd, _x, _labels);

    [Benchmark]
    public void Relu100Step() => ClassifierStep(_relu100, _relu100Sgd, _x128, _labels64);

    private static void ClassifierStep(Sequential<float> model, Sgd<float> sgd, Tensor<float> x, int[] labels)
    {
        using var _ = Parallelism.Limit(1);
        sgd.ZeroGrad();
        using (TensorScope.Begin()) Loss.CrossEntropy(model.Forward(x), labels).Backward();
        sgd.Step();
    }

    [Benchmark]
    public void Mlp784Step() => ClassifierStep(_mlp, _mlpSgd, _x, _labels);

    [Benchmark]
    public void Ensemble100Step()
    {
        using var _ = Parallelism.Limit(1);
        _ensembleSgd.ZeroGrad();
        using (TensorScope.Begin()) Loss.Mse(_ensemble.Forward(_ex), _ey).Sum().Backward();
        _ensembleSgd.Step();
    }
}

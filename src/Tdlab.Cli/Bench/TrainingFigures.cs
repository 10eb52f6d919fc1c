using System.Diagnostics;
using Tdlab.Kernels;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Cli.Bench;

/// <summary>
/// Training-step figures for <c>tdlab bench</c>, on the PyTorch peer's workloads (its sections b, c, g; see
/// docs/performance.md). One step = zero grad, forward, loss, backward, SGD update, inside a TensorScope.
/// Keys, in steps per second (median seconds per step over time-boxed samples after warm-up):
/// <list type="bullet">
/// <item>mlp_784_256_256_10_f32 / _f64: 784-256-256-10 relu, batch 128, PyTorch default init, cross-entropy, SGD lr 1e-3.</item>
/// <item>tanh_20x256_b128: 784-[256]x20-10 tanh, Xavier normal (gain 5/3) with zero biases, batch 128, same loss/optimiser.</item>
/// <item>relu_100x128_b64: 128-[128]x100-10 relu, Kaiming normal with zero biases, batch 64, same loss/optimiser.</item>
/// </list>
/// and ensemble100_10_100_1_s in SECONDS: 1000 SGD steps (lr 1e-2) of 100 members of a 10-100-1 relu net
/// (PyTorch default init), each member with its own batch of 32, loss = sum over members of each member's
/// MSE, as one batched ensemble (median over runs of 1000 steps).
/// </summary>
public static class TrainingFigures
{
    /// <summary>Adds the training figures, measured under <see cref="Parallelism.Limit"/>(threads).</summary>
    public static void Measure(IDictionary<string, double> figures, int threads)
    {
        using var scope = Parallelism.Limit(threads);
        figures["mlp_784_256_256_10_f32"] = ClassifierStepsPerSecond<float>(784, [256, 256], 10, 128, Activation.Relu, LayerInit.Default);
        figures["mlp_784_256_256_10_f64"] = ClassifierStepsPerSecond<double>(784, [256, 256], 10, 128, Activation.Relu, LayerInit.Default);
        figures["tanh_20x256_b128"] = ClassifierStepsPerSecond<float>(784, Enumerable.Repeat(256, 20).ToArray(), 10, 128,
            Activation.Tanh, LayerInit.WithZeroBias(Init.XavierNormal(Init.Gain(Activation.Tanh))));
        figures["relu_100x128_b64"] = ClassifierStepsPerSecond<float>(128, Enumerable.Repeat(128, 100).ToArray(), 10, 64,
            Activation.Relu, LayerInit.WithZeroBias(Init.KaimingNormal()));
        figures["ensemble100_10_100_1_s"] = EnsembleSeconds();
    }

    /// <summary>Steps per second of an MLP classifier on one fixed batch (x ~ N(0, 1), random labels).</summary>
    private static double ClassifierStepsPerSecond<T>(int input, int[] widths, int classes, int batch,
        Activation activation, LayerInit init, double budgetSeconds = 2.0)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(0, "bench/training");
        var model = Mlp.Build<T>(input, widths, classes, rng.Child("model"), activation, init: init);
        var x = Tensor.Normal<T>(rng.Child("x"), new Shape(batch, input));
        var labelRng = rng.Child("labels");
        var labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = labelRng.NextInt(classes);
        var optimizer = new Sgd<T>(model.Parameters(), lr: 1e-3);

        void TrainingStep()
        {
            optimizer.ZeroGrad();
            using (TensorScope.Begin())
                Loss.CrossEntropy(model.Forward(x), labels).Backward();
            optimizer.Step();
        }

        WarmUp(TrainingStep);
        return 1.0 / Timing.MedianSeconds(TrainingStep, budgetSeconds, warmupFraction: 0.1);
    }

    /// <summary>
    /// Runs <paramref name="call"/> in ~0.1 s batches until the best time per call has not improved by 5%
    /// for three batches (at most <paramref name="maxSeconds"/>): a whole training step's methods reach
    /// optimised code only after tiered JIT compilation catches up, which on a loaded machine takes seconds.
    /// </summary>
    private static void WarmUp(Action call, double maxSeconds = 6.0)
    {
        var clock = Stopwatch.StartNew();
        double best = double.MaxValue;
        int stale = 0;
        while (stale < 3 && clock.Elapsed.TotalSeconds < maxSeconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            int calls = 0;
            do { call(); calls++; } while (Stopwatch.GetElapsedTime(t0).TotalSeconds < 0.1);
            double perCall = Stopwatch.GetElapsedTime(t0).TotalSeconds / calls;
            if (perCall < 0.95 * best) stale = 0;
            else stale++;
            best = Math.Min(best, perCall);
        }
    }

    /// <summary>Seconds for 1000 steps of the 100-member 10-100-1 regression ensemble (targets sin(3 x.w_e)).</summary>
    private static double EnsembleSeconds()
    {
        const int members = 100, dim = 10, hidden = 100, batch = 32, steps = 1000;
        var rng = new Rng(0, "bench/ensemble");
        var seeds = Enumerable.Range(0, members).Select(e => (ulong)e + 1).ToArray();
        var model = Mlp.Build<float>(dim, [hidden], 1, Members.Ensemble(seeds, "bench/ensemble/member"));
        var x = Tensor.Normal<float>(rng.Child("x"), new Shape(members, batch, dim));               // (E, B, D)
        var teacher = Tensor.Normal<float>(rng.Child("w"), new Shape(members, dim, 1), 0, 1 / Math.Sqrt(dim));
        Tensor<float> y;
        using (Tdlab.Tensors.Autodiff.Autograd.NoGrad())
            y = (x.MatMul(teacher) * 3f).Sin();                                                      // (E, B, 1)
        var optimizer = new Sgd<float>(model.Parameters(), lr: 1e-2);

        void OneStep()
        {
            optimizer.ZeroGrad();
            using (TensorScope.Begin())
                Loss.Mse(model.Forward(x), y).Sum().Backward();
            optimizer.Step();
        }

        void Run()
        {
            for (int s = 0; s < steps; s++) OneStep();
        }

        WarmUp(() => { for (int s = 0; s < 50; s++) OneStep(); });
        return Timing.MedianSeconds(Run, budgetSeconds: 2.0, warmupFraction: 0.1);
    }
}

using Tdlab.Kernels;
using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Cli.Bench;

/// <summary>
/// Hessian-vector product figures for <c>tdlab bench</c>, on the PyTorch peer's section i: the 784-256-256-10 relu
/// MLP (PyTorch default init), batch 128 (x ~ N(0, 1), random labels), softmax cross-entropy. Keys, in HVPs per second
/// (median over time-boxed samples after warm-up):
/// <list type="bullet">
/// <item>hvp_mlp_784_256_256_10_b128_f32 / _f64: one HVP as the peer times it, forward, gradient recorded
/// (createGraph), then d&lt;g, v&gt;/dw (<see cref="Functional.Hvp{T}"/>).</item>
/// <item>hvp_retained_784_256_256_10_b128_f64: one product of <see cref="HessianOperator{T}"/>, which records the
/// gradient once and reuses it (one backward of the gradient graph, vectors in double), as the probes run.</item>
/// </list>
/// </summary>
public static class HvpFigures
{
    public static void Measure(IDictionary<string, double> figures, int threads)
    {
        using var scope = Parallelism.Limit(threads);
        figures["hvp_mlp_784_256_256_10_b128_f32"] = FullHvpsPerSecond<float>();
        figures["hvp_mlp_784_256_256_10_b128_f64"] = FullHvpsPerSecond<double>();
        figures["hvp_retained_784_256_256_10_b128_f64"] = RetainedHvpsPerSecond();
    }

    private static (Sequential<T> Model, Tensor<T> X, int[] Labels) Problem<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(0, "bench/hvp");
        var model = Mlp.Build<T>(784, [256, 256], 10, rng.Child("model"), Activation.Relu);
        var x = Tensor.Normal<T>(rng.Child("x"), new Shape(128, 784));
        var labelRng = rng.Child("labels");
        var labels = Enumerable.Range(0, 128).Select(_ => labelRng.NextInt(10)).ToArray();
        return (model, x, labels);
    }

    private static double FullHvpsPerSecond<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (model, x, labels) = Problem<T>();
        var parameters = model.Parameters().ToList();
        var rng = new Rng(0, "bench/hvp/v");
        List<Tensor<T>> v;
        using (TensorScope.Suspend()) v = parameters.Select(p => Tensor.Normal<T>(rng, p.Shape)).ToList();

        void Hvp()
        {
            using (TensorScope.Begin())
                Functional.Hvp(() => Loss.CrossEntropy(model.Forward(x), labels), parameters, v);
        }

        return 1.0 / Timing.MedianSeconds(Hvp, budgetSeconds: 3.0, warmupFraction: 0.3);
    }

    private static double RetainedHvpsPerSecond()
    {
        var (model, x, labels) = Problem<double>();
        var op = new HessianOperator<double>(model, new CurvatureBatch<double>(x, o => Loss.CrossEntropy(o, labels)), BatchNormMode.Train);
        var v = new double[op.Dimension];
        var hv = new double[op.Dimension];
        new Rng(0, "bench/hvp/v").Normal<double>(v, 0.0, 1.0);
        return 1.0 / Timing.MedianSeconds(() => op.Apply(v, hv), budgetSeconds: 3.0, warmupFraction: 0.3);
    }
}

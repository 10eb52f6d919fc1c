using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Linear.Forward(x, phi), the node Sequential uses for a Linear followed by relu, tanh or sigmoid: the same
/// values as the layer then the activation, bit for bit; the same first derivatives (plain and recorded backward)
/// and correct second derivatives; the readout (one output) and narrow-input kernels inside it; members split
/// over threads without changing a bit.
/// </summary>
public class LinearActivationFusedTests
{
    public static TheoryData<Activation, bool, int, int> Cases() => new()
    {
        { Activation.Relu, false, 5, 3 },
        { Activation.Tanh, false, 20, 17 },      // 20 inputs: the GEMM path
        { Activation.Sigmoid, true, 5, 3 },
        { Activation.Relu, true, 12, 40 },       // 12 inputs, 40 outputs: the narrow-input kernel (AVX-512)
        { Activation.Tanh, true, 20, 33 },
        { Activation.Identity, true, 33, 1 },    // a readout: one output
        { Activation.Identity, false, 7, 1 },
    };

    private static Linear<double> Layer(bool ensemble, int nIn, int nOut) => ensemble
        ? new Linear<double>(nIn, nOut, Members.Ensemble([1UL, 2UL, 3UL], "w"))
        : new Linear<double>(nIn, nOut, new Rng(3));

    private static Tensor<double> Input(bool ensemble, int nIn) =>
        GradCheck.Leaf(GradCheck.Randn(7, ensemble ? [3, 9, nIn] : [2, 9, nIn]));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_and_gradients_equal_the_layer_then_the_activation(Activation phi, bool ensemble, int nIn, int nOut)
    {
        var layer = Layer(ensemble, nIn, nOut);
        var x = Input(ensemble, nIn);
        var c = GradCheck.Randn(8, x.Shape.With(x.Rank - 1, nOut).ToArray());
        Tensor<double>[] leaves = [x, layer.Weight, layer.Bias!];

        var fused = layer.Forward(x, phi);
        var unfused = Activations.Apply(layer.Forward(x), phi);
        Assert.Equal(unfused.ToArray(), fused.ToArray());

        var want = Autograd.Grad([(unfused * c).Sum()], leaves);
        var got = Autograd.Grad([(layer.Forward(x, phi) * c).Sum()], leaves);
        foreach (var p in leaves) p.Grad = null;
        (layer.Forward(x, phi) * c).Sum().Backward();                // plain backward, .Grad allocated
        (layer.Forward(x, phi) * c).Sum().Backward();                // plain backward, added straight into .Grad
        for (int i = 0; i < leaves.Length; i++)
        {
            double[] w = want[i].ToArray(), g = got[i].ToArray(), acc = leaves[i].Grad!.ToArray();
            for (int j = 0; j < w.Length; j++)
            {
                Assert.Equal(w[j], g[j], 1e-12);
                Assert.Equal(2 * w[j], acc[j], 1e-12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void First_and_second_derivatives_match_finite_differences(Activation phi, bool ensemble, int nIn, int nOut)
    {
        var layer = Layer(ensemble, nIn, nOut);
        var x = Input(ensemble, nIn);
        // relu's kink: second differences across it are not derivatives, so relu is checked to first order
        ParamCheck.Check(() => layer.Forward(x, phi).Square().Sum(), [x, layer.Weight, layer.Bias!], $"fused_{phi}_{nIn}_{nOut}",
            secondOrder: phi != Activation.Relu);
    }

    [Fact]
    public void Sequential_fuses_and_a_multilayer_net_keeps_its_values_and_hessian()
    {
        var net = Mlp.Build<double>(4, [6, 5], 2, new Rng(5), Activation.Tanh);
        var x = GradCheck.Randn(9, 7, 4);
        var y = net.Forward(x);
        Assert.Equal("linear_chain3", y.GradFn!.Op);

        var h = x;
        foreach (var layer in net.Layers) h = layer.Forward(h);     // layer by layer, unfused
        Assert.Equal(h.ToArray(), y.ToArray());
        var p = net.Parameters().ToArray();
        ParamCheck.Check(() => net.Forward(x).Square().Sum(), p, "sequential_fused_tanh");
    }

    [Fact]
    public void Ensemble_members_split_over_threads_give_identical_bits()
    {
        var seeds = Enumerable.Range(1, 8).Select(i => (ulong)i).ToArray();
        var layer = new Linear<float>(64, 64, Members.Ensemble(seeds, "w"));
        var x = Tensor.Normal<float>(new Rng(2), new Shape(8, 64, 64));
        var c = Tensor.Normal<float>(new Rng(3), new Shape(8, 64, 64));
        (float[] Y, float[] Gw, float[] Gb) Run(int threads)
        {
            using var limit = Parallelism.Limit(threads);
            layer.Weight.Grad = null;
            layer.Bias!.Grad = null;
            var y = layer.Forward(x, Activation.Tanh);
            (y * c).Sum().Backward();
            return (y.ToArray(), layer.Weight.Grad!.ToArray(), layer.Bias.Grad!.ToArray());
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Gw, two.Gw);
        Assert.Equal(one.Gb, two.Gb);
    }
}

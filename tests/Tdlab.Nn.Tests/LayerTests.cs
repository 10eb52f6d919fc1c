using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

public class LayerTests
{
    private static Tensor<double> LeafInput(ulong seed, params int[] dims) => GradCheck.Leaf(GradCheck.Randn(seed, dims));

    [Fact]
    public void Linear_computes_x_W_transpose_plus_b()
    {
        var layer = new Linear<double>(3, 2, new Rng(1));
        var x = GradCheck.Randn(2, 4, 3);
        var y = layer.Forward(x);
        Assert.Equal(new Shape(4, 2), y.Shape);
        for (int b = 0; b < 4; b++)
            for (int o = 0; o < 2; o++)
            {
                double s = layer.Bias![o];
                for (int i = 0; i < 3; i++) s += x[b, i] * layer.Weight[o, i];
                Assert.Equal(s, y[b, o], 1e-14);
            }

        Assert.Equal(["weight", "bias"], layer.NamedParameters().Select(p => p.Name));
        Assert.Single(new Linear<double>(3, 2, new Rng(1), bias: false).Parameters());
    }

    [Fact]
    public void Linear_gradients_first_and_second_order()
    {
        var layer = new Linear<double>(4, 3, new Rng(3));
        var x = LeafInput(4, 5, 4);
        ParamCheck.Check(() => layer.Forward(x).Tanh().Sum(), [x, layer.Weight, layer.Bias!], "linear");
    }

    [Fact]
    public void Ensemble_linear_gradients_with_member_and_shared_inputs()
    {
        var layer = new Linear<double>(4, 3, Members.Ensemble([1UL, 2UL], "w"));
        Assert.Equal(new Shape(2, 3, 4), layer.Weight.Shape);
        Assert.Equal(new Shape(2, 1, 3), layer.Bias!.Shape);
        var x = LeafInput(5, 2, 5, 4);
        ParamCheck.Check(() => layer.Forward(x).Tanh().Sum(), [x, layer.Weight, layer.Bias], "linear_members");
        var shared = LeafInput(6, 5, 4);
        ParamCheck.Check(() => layer.Forward(shared).Tanh().Sum(), [shared, layer.Weight, layer.Bias], "linear_shared");
    }

    [Fact]
    public void LayerNorm_normalises_rows_and_has_correct_gradients()
    {
        var ln = new LayerNorm<double>(6);
        var x = LeafInput(7, 4, 6);
        var y = ln.Forward(x);
        for (int b = 0; b < 4; b++)
        {
            var row = Enumerable.Range(0, 6).Select(j => y[b, j]).ToArray();
            Assert.Equal(0.0, row.Average(), 1e-12);
            Assert.Equal(1.0, row.Average(v => v * v), 1e-4);   // var / (var + eps)
        }

        ln.Gamma!.Span.Fill(1.5);
        ln.Beta!.Span.Fill(-0.2);
        ParamCheck.Check(() => ln.Forward(x).Tanh().Sum(), [x, ln.Gamma, ln.Beta], "layer_norm");
    }

    [Fact]
    public void BatchNorm_uses_batch_statistics_in_training_and_running_ones_in_eval()
    {
        var bn = new BatchNorm1d<double>(3, momentum: 0.25);
        var x = GradCheck.Randn(8, 5, 3) * 2.0 + 1.0;
        var y = bn.Forward(x);
        for (int j = 0; j < 3; j++)
        {
            var col = Enumerable.Range(0, 5).Select(b => y[b, j]).ToArray();
            Assert.Equal(0.0, col.Average(), 1e-12);
            var xs = Enumerable.Range(0, 5).Select(b => x[b, j]).ToArray();
            double mean = xs.Average(), unbiased = xs.Sum(v => (v - mean) * (v - mean)) / 4;
            Assert.Equal(0.25 * mean, bn.RunningMean[j], 1e-14);
            Assert.Equal(0.75 + 0.25 * unbiased, bn.RunningVar[j], 1e-14);
        }

        bn.Eval();
        var z = bn.Forward(x);
        for (int b = 0; b < 5; b++)
            for (int j = 0; j < 3; j++)
                Assert.Equal((x[b, j] - bn.RunningMean[j]) / Math.Sqrt(bn.RunningVar[j] + 1e-5), z[b, j], 1e-13);
        Assert.Equal(["running_mean", "running_var"], bn.NamedBuffers().Select(b => b.Name));
    }

    [Fact]
    public void BatchNorm_gradients_single_and_ensemble()
    {
        var bn = new BatchNorm1d<double>(3);
        bn.Gamma!.Span.Fill(0.7);
        var x = LeafInput(9, 6, 3);
        ParamCheck.Check(() => bn.Forward(x).Tanh().Sum(), [x, bn.Gamma, bn.Beta!], "batch_norm");
        var bne = new BatchNorm1d<double>(3, members: 2);
        var xe = LeafInput(10, 2, 6, 3);
        ParamCheck.Check(() => bne.Forward(xe).Tanh().Sum(), [xe, bne.Gamma!, bne.Beta!], "batch_norm_members");
    }

    [Fact]
    public void Residual_adds_the_scaled_branch()
    {
        var branch = new Linear<double>(3, 3, new Rng(2));
        var block = new Residual<double>(branch, scale: 0.5);
        var x = LeafInput(11, 4, 3);
        var expected = x + branch.Forward(x) * 0.5;
        Assert.Equal(expected.ToArray(), block.Forward(x).ToArray());
        Assert.Equal(["branch.weight", "branch.bias"], block.NamedParameters().Select(p => p.Name));
        ParamCheck.Check(() => block.Forward(x).Tanh().Sum(), [x, branch.Weight, branch.Bias!], "residual");
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.Erf)]
    [InlineData(Activation.HardTanh)]
    public void Activation_modules_apply_their_function(Activation kind)
    {
        var x = GradCheck.Randn(12, 4, 5) * 2.0;
        var y = Activations.Create<double>(kind, beta: 2).Forward(x).ToArray();
        Func<double, double> phi = kind switch
        {
            Activation.Identity => v => v,
            Activation.Relu => v => Math.Max(v, 0),
            Activation.Tanh => Math.Tanh,
            Activation.Sigmoid => v => 1 / (1 + Math.Exp(-v)),
            Activation.Softplus => v => Math.Log(1 + Math.Exp(2 * v)) / 2,
            Activation.Erf => v => MathNet.Numerics.SpecialFunctions.Erf(v),
            _ => v => Math.Clamp(v, -1, 1),
        };
        var xs = x.ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(phi(xs[i]), y[i], 1e-6);
        Assert.Equal(kind, Activations.Parse(kind.ToString().ToLowerInvariant()));
    }

    [Fact]
    public void Mlp_builder_names_layers_like_pytorch_sequential()
    {
        var net = Mlp.Build<double>(5, [7, 6], 2, new Rng(1), Activation.Tanh);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(new Shape(7, 5), net.NamedParameters().First().Value.Shape);
        Assert.Equal(5 * 7 + 7 + 7 * 6 + 6 + 6 * 2 + 2, net.ParameterCount());
        Assert.Equal(new Shape(3, 2), net.Forward(GradCheck.Randn(1, 3, 5)).Shape);
        var deep = Mlp.Build<float>(4, depth: 3, width: 8, output: 1, new Rng(1), bias: false);
        Assert.Equal(4, deep.Parameters().Count());
        Assert.IsType<Relu<float>>(deep.Layers[1]);
    }

    [Fact]
    public void Bad_shapes_name_the_layer()
    {
        var layer = new Linear<double>(3, 2, new Rng(1));
        Assert.Contains("Linear(3 -> 2)", Assert.Throws<ArgumentException>(() => layer.Forward(GradCheck.Randn(1, 4, 5))).Message);
        Assert.Contains("LayerNorm", Assert.Throws<ArgumentException>(() => new LayerNorm<double>(3).Forward(GradCheck.Randn(1, 4, 5))).Message);
    }
}

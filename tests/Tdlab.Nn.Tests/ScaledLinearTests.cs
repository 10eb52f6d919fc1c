using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// <see cref="ScaledLinear{T}"/> (y = s x W^T + b): finite-difference gradients (first and second order) in float64 for s, W, b and x, and
/// equality with the plain Linear of weight s W; and the optimiser state a checkpoint needs (parameters,
/// <see cref="Optimizer{T}.StateTensors"/>, <see cref="Optimizer{T}.StepCount"/>) resuming Riemannian Adam bit for bit.
/// </summary>
public class ScaledLinearTests
{
    private static ScaledLinear<double> Layer() =>
        new(4, 3, new Rng(1, "layer"), 1.7, new LayerInit(Init.Normal(0.5), Init.Normal(0.2)));

    [Fact]
    public void First_and_second_order_gradients_match_central_differences()
    {
        var layer = Layer();
        var x = Tensor.Normal<double>(new Rng(2, "x"), new Shape(5, 4));
        x.RequiresGrad = true;
        var c = Tensor.Normal<double>(new Rng(3, "c"), new Shape(5, 3));
        ParamCheck.Check(() => (layer.Forward(x).Tanh() * c).Sum(), [.. layer.Parameters(), x], "scaled-linear");
    }

    [Fact]
    public void Equals_the_linear_layer_of_weight_s_w()
    {
        var layer = Layer();
        var linear = new Linear<double>(4, 3, new Rng(5, "l"));
        layer.EffectiveWeight().Span.CopyTo(linear.Weight.Span);
        layer.Bias.Span.CopyTo(linear.Bias!.Span);
        var x = Tensor.Normal<double>(new Rng(6, "x"), new Shape(2, 4));
        var a = layer.Forward(x).ToArray();
        var b = linear.Forward(x).ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-14);
    }

    [Fact]
    public void Restored_parameters_and_optimiser_state_resume_training_bit_for_bit()
    {
        static (ScaledLinear<double> Layer, Adam<double> Opt) Make()
        {
            var layer = Layer();
            ParameterGeometry<double>.Stiefel.ProjectPoint(layer.Weight.Shape, layer.Weight.Span);
            var opt = new Adam<double>([
                new ParamGroup<double>([layer.Weight], 0.01) { Geometry = ParameterGeometry<double>.Stiefel },
                new ParamGroup<double>([layer.Scale, layer.Bias], 0.01)]);
            return (layer, opt);
        }

        static void Steps(ScaledLinear<double> layer, Adam<double> opt, int from, int to)
        {
            for (int t = from; t < to; t++)
            {
                var x = Tensor.Normal<double>(new Rng(7, $"x/{t}"), new Shape(3, 4));
                opt.ZeroGrad();
                layer.Forward(x).Square().Sum().Backward();
                opt.Step();
            }
        }

        var (a, optA) = Make();
        Steps(a, optA, 0, 10);
        var saved = a.Parameters().Concat(optA.StateTensors).Select(t => t.ToArray()).ToList();
        Steps(a, optA, 10, 20);

        var (b, optB) = Make();
        foreach (var (t, values) in b.Parameters().Concat(optB.StateTensors).Zip(saved)) values.CopyTo(t.Span);
        optB.RestoreStepCount(10);
        Steps(b, optB, 10, 20);
        Assert.Equal(BitHash.Of(a.Parameters().ToList()), BitHash.Of(b.Parameters().ToList()));
    }
}

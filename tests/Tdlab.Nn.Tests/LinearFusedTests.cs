using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// The fused "linear" node: its plain backward (kernels, adding straight into existing .Grad buffers)
/// against the gradients of the composite x.MatMul(W^T) + b, and its recorded backward for inputs with
/// extra leading axes.
/// </summary>
public class LinearFusedTests
{
    private static Tensor<double> Composite(Tensor<double> x, Linear<double> layer) =>
        layer.MemberCount == 0
            ? x.Reshape(-1, layer.InFeatures).MatMul(layer.Weight, transB: true).Reshape(x.Shape.With(x.Rank - 1, layer.OutFeatures)) + layer.Bias!
            : x.MatMul(layer.Weight, transB: true) + layer.Bias!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_adds_into_existing_grads_and_matches_the_composite(bool ensemble)
    {
        var layer = ensemble
            ? new Linear<double>(4, 3, Members.Ensemble([1UL, 2UL], "w"))
            : new Linear<double>(4, 3, new Rng(3));
        var x = GradCheck.Leaf(GradCheck.Randn(7, 2, 5, 4));   // (E, B, in) or (2, 5, in) rows
        Tensor<double>[] leaves = [x, layer.Weight, layer.Bias!];
        var expected = Autograd.Grad([Composite(x, layer).Tanh().Sum()], leaves);

        foreach (var p in leaves) p.Grad = null;
        layer.Forward(x).Tanh().Sum().Backward();     // first call: .Grad allocated from the returned gradient
        layer.Forward(x).Tanh().Sum().Backward();     // second call: added straight into .Grad
        for (int i = 0; i < leaves.Length; i++)
        {
            var got = leaves[i].Grad!.ToArray();
            var want = expected[i].ToArray();
            Assert.Equal(want.Length, got.Length);
            for (int j = 0; j < want.Length; j++) Assert.Equal(2 * want[j], got[j], 1e-12);
        }
    }

    [Fact]
    public void Single_model_with_leading_axes_has_first_and_second_order_gradients()
    {
        var layer = new Linear<double>(4, 3, new Rng(3));
        var x = GradCheck.Leaf(GradCheck.Randn(8, 2, 3, 4));
        Assert.Equal(new Shape(2, 3, 3), layer.Forward(x).Shape);
        ParamCheck.Check(() => layer.Forward(x).Tanh().Sum(), [x, layer.Weight, layer.Bias!], "linear_rank3");
    }

    [Fact]
    public void Grad_inside_backward_leaves_existing_grads_alone()
    {
        var layer = new Linear<double>(4, 3, new Rng(3));
        var x = GradCheck.Randn(9, 5, 4);
        layer.Forward(x).Sum().Backward();
        var before = layer.Weight.Grad!.ToArray();
        var g = Autograd.Grad(layer.Forward(x).Sum(), layer.Weight);
        Assert.Equal(before, layer.Weight.Grad!.ToArray());
        Assert.Equal(before, g.ToArray());
    }
}

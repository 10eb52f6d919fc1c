using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// ZeroGrad marks gradients zero without clearing them: readers see zeros, the next backward writes
/// (GEMM beta = 0 for Linear, a copy for other leaves) instead of adding, and later backwards add again.
/// </summary>
public class ZeroGradTests
{
    private static (Sequential<double> Net, Tensor<double> Scale, Func<Tensor<double>> Loss) Problem()
    {
        var net = Mlp.Build<double>(5, [8], 3, new Rng(4), Activation.Relu);
        var scale = Tensor.Full<double>(new Shape(3), 0.5);
        scale.RequiresGrad = true;                                  // a leaf that is not a Linear parameter
        var x = GradCheck.Randn(6, 10, 5);
        return (net, scale, () => (net.Forward(x) * scale).Square().Sum());
    }

    [Fact]
    public void A_backward_after_zero_grad_equals_a_fresh_backward_and_then_accumulates()
    {
        var (net, scale, loss) = Problem();
        Tensor<double>[] leaves = [.. net.Parameters(), scale];
        loss().Backward();
        var fresh = leaves.Select(p => p.Grad!.ToArray()).ToArray();

        loss().Backward();                                          // grads now 2x
        foreach (var p in leaves) p.ZeroGrad();
        loss().Backward();                                          // written, not added
        for (int i = 0; i < leaves.Length; i++) Assert.Equal(fresh[i], leaves[i].Grad!.ToArray());
        loss().Backward();                                          // added again (a GEMM with beta = 1 rounds once, not twice)
        for (int i = 0; i < leaves.Length; i++)
        {
            var got = leaves[i].Grad!.ToArray();
            for (int j = 0; j < got.Length; j++) Assert.Equal(2 * fresh[i][j], got[j], 1e-14);
        }
    }

    [Fact]
    public void Readers_see_zeros_and_the_optimizer_steps_nothing_without_a_backward()
    {
        var (net, _, loss) = Problem();
        var opt = new Sgd<double>(net.Parameters(), lr: 0.1);
        loss().Backward();
        opt.ZeroGrad();
        var before = net.Parameters().Select(p => p.ToArray()).ToArray();
        opt.Step();                                                 // every gradient reads as zero
        Assert.Equal(before, net.Parameters().Select(p => p.ToArray()).ToArray());
        Assert.All(net.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0.0, v)));
    }
}

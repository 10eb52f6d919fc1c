using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

public class MlpOutputActivationTests
{
    [Fact]
    public void An_mlp_can_end_in_an_activation_applied_to_the_same_last_layer()
    {
        var x = Tensor.FromDouble<double>([0.3, -1.2, 2.0, 0.5, 0.1, -0.7], 2, 3);
        Sequential<double> plain = Mlp.Build<double>(3, [4], 2, new Rng(5, "init"), Activation.Tanh);
        Sequential<double> squashed = Mlp.Build<double>(3, [4], 2, new Rng(5, "init"), Activation.Tanh, outputActivation: Activation.Sigmoid);
        Assert.Equal(plain.Children().Count() + 1, squashed.Children().Count());
        Assert.Equal(plain.NamedParameters().Select(p => p.Name), squashed.NamedParameters().Select(p => p.Name));   // same names: "0.weight", ..., "2.bias"
        double[] z = plain.Forward(x).ToDoubleArray(), y = squashed.Forward(x).ToDoubleArray();
        for (int i = 0; i < z.Length; i++)
            Assert.Equal(1 / (1 + Math.Exp(-z[i])), y[i], 12);   // sigmoid(z)
    }
}

using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class InputJacobianTests
{
    [Fact]
    public void LinearNetSpectrumEqualsTheSingularValuesOfTheExplicitProduct()
    {
        // f(x) = W_3 W_2 W_1 x with rectangular Gaussian weights: J = W_3 W_2 W_1 whatever x is.
        var rng = new Rng(11, "weights");
        int[] widths = [5, 7, 6, 4];
        var net = new Sequential<double>();
        var product = Identity(widths[0]);   // (n_l, n_0), row-major
        for (int l = 1; l < widths.Length; l++)
        {
            var linear = new Linear<double>(widths[l - 1], widths[l], rng, bias: true, new LayerInit(Init.Normal(1), Init.Normal(1)));
            net.Add(linear).Add(new Identity<double>());
            product = NaiveMatrix.Multiply(linear.Weight.ToDoubleArray(), product, widths[l], widths[l - 1], widths[0]);
        }

        var x = Tensor.Normal<double>(rng, new Shape(1, widths[0]));
        var expected = Svd.SingularValues(product, widths[^1], widths[0]);
        var probe = JacobianSpectrum.Of(InputJacobian.OfMlp(net, x));
        Assert.Equal(expected.Length, probe.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], probe.SingularValues[i], 1e-10 * expected[0]);
    }

    [Fact]
    public void ProductOfOrthogonalMatricesIsAnIsometryAtEveryDepth()
    {
        var rng = new Rng(12, "orthogonal");
        var net = Mlp.Build<double>(16, 30, 16, 16, rng, Activation.Identity, bias: false, init: LayerInit.WithZeroBias(Init.Orthogonal()));
        var spectrum = JacobianSpectrum.OfMlp(net, Tensor.Normal<double>(rng, new Shape(2, 16)));
        Assert.Equal(32, spectrum.Count);
        Assert.True(spectrum.IsometryError < 1e-12, $"max |s - 1| = {spectrum.IsometryError}");
        Assert.Equal(1.0, spectrum.ConditionNumber, 1e-12);
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Softplus)]
    public void ProductAndBatchedMethodsEqualOneBackwardPerOutput(Activation activation)
    {
        var rng = new Rng(13, activation.ToString());
        var net = Mlp.Build<double>(4, 3, 6, 3, rng, activation, init: new LayerInit(Init.Normal(0.8), Init.Normal(0.3)));
        var x = Tensor.Normal<double>(rng, new Shape(1, 4));
        var reference = Functional.Jacobian(net.Forward, x).ToDoubleArray();   // (3, 4), 3 backward passes
        var product = InputJacobian.OfMlp(net, x);
        var batched = InputJacobian.Batched(net.Forward, x);
        Assert.Equal([3, 4], product.Shape.ToArray());
        Assert.Equal([3, 4], batched.Shape.ToArray());
        for (int i = 0; i < reference.Length; i++)
        {
            Assert.Equal(reference[i], product.ToDoubleArray()[i], 1e-12);
            Assert.Equal(reference[i], batched.ToDoubleArray()[i], 1e-12);
        }
    }

    [Fact]
    public void LayerCountSelectsTheHiddenStack()
    {
        // Hidden stack of an MLP = children [0, 2 depth): the readout layer is left out.
        var rng = new Rng(14, "hidden");
        var net = Mlp.Build<double>(5, 2, 5, 2, rng, Activation.Tanh);
        var x = Tensor.Normal<double>(rng, new Shape(5));
        var hidden = new Sequential<double>(net.Layers.Take(4));
        var expected = Functional.Jacobian(hidden.Forward, x.Reshape(1, 5)).ToDoubleArray();
        var probe = InputJacobian.OfMlp(net, x, layers: 4);
        Assert.Equal([5, 5], probe.Shape.ToArray());
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], probe.ToDoubleArray()[i], 1e-12);
    }

    [Fact]
    public void BadInputNamesTheOpAndTheShape()
    {
        var rng = new Rng(15, "bad");
        var net = new Sequential<double>(new Linear<double>(3, 3, rng), new LayerNorm<double>(3));
        var e = Assert.Throws<ArgumentException>(() => InputJacobian.OfMlp(net, Tensor.Zeros<double>(3)));
        Assert.Contains("child 1 (LayerNorm", e.Message);
        var two = Assert.Throws<ArgumentException>(() => InputJacobian.OfMlp(net, Tensor.Zeros<double>(2, 3)));
        Assert.Contains("(1, n)", two.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => InputJacobian.OfMlp(net, Tensor.Zeros<double>(3), layers: 3));
    }

    private static double[] Identity(int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = 1;
        return a;
    }
}

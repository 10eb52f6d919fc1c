using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class EmpiricalNtkTests
{
    private static readonly double[] XData = [1, 2, -1, 0.5, 3, -2];   // three examples in R^2

    [Fact]
    public void LinearModelKernelIsTheGramMatrixOfTheInputs()
    {
        // f(x) = w . x: grad_w f = x, so Theta = X X^T whatever w is.
        var net = new Sequential<double>(new Linear<double>(2, 1, new Rng(1, "w"), bias: false));
        var x = Tensor.From(XData, 3, 2);
        foreach (var theta in new[] { EmpiricalNtk.ByJacobian(net, x), EmpiricalNtk.ByVectorProducts(net, x) })
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    Assert.Equal(XData[2 * i] * XData[2 * j] + XData[2 * i + 1] * XData[2 * j + 1], theta[i, j], 12);
    }

    [Fact]
    public void TwoLayerLinearKernelMatchesTheHandFormula()
    {
        // f(x) = a . (W x) with W = 2 I (2x2), a = (3, 3): grad_W f = a x^T, grad_a f = W x, so
        // Theta(x1, x2) = ||a||^2 x1.x2 + (W x1).(W x2) = (18 + 4) x1.x2.
        var net = new Sequential<double>(
            new Linear<double>(2, 2, new Rng(1, "w"), bias: false, LayerInit.WithZeroBias(Init.Identity(2))),
            new Linear<double>(2, 1, new Rng(2, "w"), bias: false, LayerInit.WithZeroBias(Init.Constant(3))));
        var x = Tensor.From(XData, 3, 2);
        var byJacobian = EmpiricalNtk.ByJacobian(net, x);
        var byProducts = EmpiricalNtk.ByVectorProducts(net, x);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double expected = 22 * (XData[2 * i] * XData[2 * j] + XData[2 * i + 1] * XData[2 * j + 1]);
                Assert.Equal(expected, byJacobian[i, j], 11);
                Assert.Equal(expected, byProducts[i, j], 11);
            }
    }

    [Fact]
    public void JacobianContractionAndVectorProductsAgreeOnASoftplusNet()
    {
        var rng = new Rng(5, "net");
        var net = Mlp.Build<double>(4, 3, 7, 1, rng, Activation.Softplus, beta: 5);
        var x = Tensor.Normal<double>(rng, new Shape(6, 4));
        var a = EmpiricalNtk.ByJacobian(net, x);
        var b = EmpiricalNtk.ByVectorProducts(net, x);
        Assert.True(a.MaxRelativeDifference(b) < 1e-12, $"difference {a.MaxRelativeDifference(b)}");
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));

        // Theta v by one product equals the matrix times v; the kernel is symmetric positive semi-definite.
        double[] v = [0.3, -1, 2, 0.5, 0, 1.5];
        var product = EmpiricalNtk.Product(net, x, v);
        for (int i = 0; i < 6; i++)
            Assert.Equal(Enumerable.Range(0, 6).Sum(j => a[i, j] * v[j]), product[i], 10);
        Assert.True(a.MinEigenvalue() > -1e-10);
        Assert.Equal(a[1, 4], a[4, 1], 14);
    }

    [Fact]
    public void JacobianRowsAreFiniteDifferencesOfTheOutput()
    {
        var rng = new Rng(9, "net");
        var net = Mlp.Build<double>(3, 1, 4, 1, rng, Activation.Tanh);
        var x = Tensor.Normal<double>(rng, new Shape(2, 3));
        var jac = EmpiricalNtk.Jacobian(net, x);
        var p = net.Parameters().First();   // the first weight: columns 0..11 of J
        const double h = 1e-6;
        for (int k = 0; k < p.Length; k += 5)
        {
            double keep = p.Span[k];
            p.Span[k] = keep + h;
            var plus = net.Forward(x).ToDoubleArray();
            p.Span[k] = keep - h;
            var minus = net.Forward(x).ToDoubleArray();
            p.Span[k] = keep;
            int cols = jac.Length / 2;
            for (int i = 0; i < 2; i++) Assert.Equal((plus[i] - minus[i]) / (2 * h), jac[i * cols + k], 7);
        }
    }

    [Fact]
    public void RelativeChangeAndMinEigenvalueOfKnownMatrices()
    {
        var a = new NtkMatrix([2, 0, 0, 1], 2);
        var b = new NtkMatrix([2, 0, 0, 2], 2);
        Assert.Equal(1 / Math.Sqrt(5), b.RelativeChangeFrom(a), 14);
        Assert.Equal(1, a.MinEigenvalue(), 12);
        Assert.Equal(Math.Sqrt(5), a.FrobeniusNorm, 14);
    }

    [Fact]
    public void AModelWithMoreThanOneOutputPerExampleIsRejected()
    {
        var net = new Sequential<double>(new Linear<double>(2, 3, new Rng(1, "w")));
        var e = Assert.Throws<ArgumentException>(() => EmpiricalNtk.ByJacobian(net, Tensor.From(XData, 3, 2)));
        Assert.Contains("one output per example", e.Message);
    }
}

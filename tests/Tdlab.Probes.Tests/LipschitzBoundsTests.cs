using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class LipschitzBoundsTests
{
    [Fact]
    public void LinearNetHasTheProductMatrixNormAtEveryInput()
    {
        // f(x) = W2 W1 x with W2 W1 = diag(3, 4): ||J|| = 4 everywhere, while the upper bound is 3 * 4 = 12.
        var net = new Sequential<double>(SpectralNormsTests.Fixed(3, 0, 0, 1), SpectralNormsTests.Fixed(1, 0, 0, 4));
        var x = Tensor.Normal<double>(new Rng(1, "x"), new Shape(5, 2));
        var lower = LipschitzBounds.InputJacobian(net, x);
        Assert.All(lower.PerExample, v => Assert.Equal(4.0, v, 1e-12));
        Assert.Equal(4.0, lower.Max, 1e-12);
        Assert.Equal(12.0, SpectralNorms.Of(net, new Rng(2)).UpperBound, 1e-12);
    }

    [Fact]
    public void ReluMaskSelectsColumnsOfTheOutputLayer()
    {
        // W1 = I, x = (1, -2): relu mask diag(1, 0), J = W2 diag(1, 0) = [[1, 0], [2, 0]] -> ||J|| = sqrt(5).
        // x = (1, 1): J = W2 = [[1, 5], [2, 1]] -> ||J|| from the 2x2 SVD.
        var net = new Sequential<double>(SpectralNormsTests.Fixed(1, 0, 0, 1), new Relu<double>(), SpectralNormsTests.Fixed(1, 5, 2, 1));
        var x = Tensor.From(new double[] { 1, -2, 1, 1 }, 2, 2);
        var lower = LipschitzBounds.InputJacobian(net, x);
        Assert.Equal(Math.Sqrt(5), lower.PerExample[0], 1e-12);
        Assert.Equal(Svd.SingularValues(new double[] { 1, 5, 2, 1 }, 2, 2)[0], lower.PerExample[1], 1e-12);
    }

    [Fact]
    public void PerExampleNormsEqualThoseOfTheDenseJacobianOfEachRow()
    {
        var net = Mlp.Build<double>(5, 2, 7, 3, new Rng(3, "mlp"), Activation.Tanh);
        var x = Tensor.Normal<double>(new Rng(4, "x"), new Shape(4, 5));
        var lower = LipschitzBounds.InputJacobian(net, x);
        for (int i = 0; i < 4; i++)
        {
            var row = x.SliceRows(i, 1).Clone();
            var j = Functional.Jacobian<double>(net.Forward, row);     // (3, 5)
            Assert.Equal(Svd.SingularValues(j.ToArray(), 3, 5)[0], lower.PerExample[i], 1e-10);
        }

        Assert.True(lower.Max <= SpectralNorms.Of(net, new Rng(5)).UpperBound);
    }

    [Fact]
    public void BadShapesAreRejected()
    {
        var net = Mlp.Build<double>(2, 1, 3, 2, new Rng(1));
        var e = Assert.Throws<ArgumentException>(() => LipschitzBounds.InputJacobian(net, Tensor.Zeros<double>(2)));
        Assert.Contains("LipschitzBounds.InputJacobian", e.Message);
    }
}

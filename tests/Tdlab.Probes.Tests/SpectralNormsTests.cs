using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class SpectralNormsTests
{
    /// <summary>Linear(2 -> 2, no bias) with the given row-major weight.</summary>
    internal static Linear<double> Fixed(params double[] w)
    {
        var layer = new Linear<double>(2, 2, new Rng(1, "w"), bias: false);
        w.CopyTo(layer.Weight.Span);
        return layer;
    }

    [Fact]
    public void DiagonalLayersGiveTheirLargestEntryAndTheProductBound()
    {
        // W1 = diag(3, 1), W2 = diag(1, 4): ||W1|| = 3, ||W2|| = 4, tanh Lipschitz 1 -> bound 12.
        var net = new Sequential<double>(Fixed(3, 0, 0, 1), new Tanh<double>(), Fixed(1, 0, 0, 4));
        var s = SpectralNorms.Of(net, new Rng(2, "probe"));
        Assert.Equal([3.0, 4.0], s.Exact);
        Assert.Equal(3.0, s.PowerIteration[0], 1e-12);
        Assert.Equal(4.0, s.PowerIteration[1], 1e-12);
        Assert.Equal([1.0], s.ActivationLipschitz);
        Assert.Equal(12.0, s.UpperBound, 1e-12);
        Assert.Equal(Math.Log(12), s.LogUpperBound, 1e-12);
    }

    [Fact]
    public void ActivationConstantsEnterTheBound()
    {
        var net = new Sequential<double>(Fixed(2, 0, 0, 1), new Sigmoid<double>(), Fixed(1, 0, 0, 1), new Erf<double>());
        var s = SpectralNorms.Of(net, new Rng(2, "probe"));
        Assert.Equal(0.25 * 2 / Math.Sqrt(Math.PI), s.ActivationProduct, 1e-15);
        Assert.Equal(2 * 0.25 * 2 / Math.Sqrt(Math.PI), s.UpperBound, 1e-12);
    }

    [Fact]
    public void PowerIterationAgreesWithSvdOnRandomLayersToOneInTenThousand()
    {
        var net = Mlp.Build<float>(20, 2, 48, 10, new Rng(3, "mlp"));
        var s = SpectralNorms.Of(net, new Rng(4, "probe"));
        Assert.Equal(3, s.Exact.Length);
        Assert.All(s.Converged, Assert.True);
        Assert.True(s.MaxRelativeDifference <= 1e-4, $"max relative difference {s.MaxRelativeDifference}");
        var w0 = net.Layers.OfType<Linear<float>>().First().Weight;
        Assert.Equal(Svd.SingularValues(w0.ToArray(), 48, 20)[0], s.Exact[0], 1e-12);
    }

    [Fact]
    public void SpectrallyNormalisedLayersReportTheNormalisedWeight()
    {
        var net = SpectralNorm<double>.Wrap(Mlp.Build<double>(6, 1, 8, 3, new Rng(5, "mlp")), new Rng(6, "u"), powerIterations: 1);
        var s = SpectralNorms.Of(net, new Rng(7, "probe"));
        Assert.All(s.Exact, v => Assert.Equal(1.0, v, 1e-3));
        var first = (SpectralNorm<double>)net.Layers[0];
        double raw = Svd.SingularValues(first.Layer.Weight.ToArray(), 8, 6)[0];
        Assert.Equal(raw / first.Sigma, s.Exact[0], 1e-12);
    }

    [Fact]
    public void UnknownLayersAreRejectedByName()
    {
        var net = new Sequential<double>(Fixed(1, 0, 0, 1), new LayerNorm<double>(2));
        var e = Assert.Throws<ArgumentException>(() => SpectralNorms.Of(net, new Rng(1)));
        Assert.Contains("LayerNorm", e.Message);
    }
}

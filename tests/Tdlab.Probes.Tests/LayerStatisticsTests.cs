using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class LayerStatisticsTests
{
    [Fact]
    public void SignalMomentsMatchAHandComputedForwardPass()
    {
        // x = [[1, -2], [3, 4]]; W1 = I (2x2), b1 = 0: relu(x) = [[1, 0], [3, 4]] -> E F^2 = 26/4, mean 2.
        var net = new Sequential<double>(
            new Linear<double>(2, 2, new Rng(1, "w"), bias: false, LayerInit.WithZeroBias(Init.Identity())),
            new Relu<double>(),
            new Linear<double>(2, 1, new Rng(2, "w"), bias: false, LayerInit.WithZeroBias(Init.Constant(1))));
        var x = Tensor.From(new double[] { 1, -2, 3, 4 }, 2, 2);
        var s = LayerStatistics.Signal(net, x);
        Assert.Equal([26.0 / 4], s.SecondMoment);
        Assert.Equal([26.0 / 4 - 4], s.Variance);
        // pre-activations: x itself (mean 1.5, E x^2 = 30/4), then the output [1, 7] (mean 4, E = 25)
        Assert.Equal(30.0 / 4 - 2.25, s.PreActivationVariance[0], 12);
        Assert.Equal(25 - 16.0, s.PreActivationVariance[1], 12);
    }

    [Fact]
    public void GradientNormsEqualTheNormsOfBackwardGradientsAndLeaveGradUntouched()
    {
        var rng = new Rng(3, "net");
        var net = Mlp.Build<double>(4, 2, 5, 3, rng);
        var x = Tensor.Normal<double>(rng, new Shape(6, 4));
        int[] labels = [0, 1, 2, 0, 1, 2];
        var norms = LayerStatistics.WeightGradientNorms(net, x, logits => Loss.CrossEntropy(logits, labels));
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));

        Loss.CrossEntropy(net.Forward(x), labels).Backward();
        var linears = net.Layers.OfType<Linear<double>>().ToList();
        Assert.Equal(linears.Count, norms.Length);
        for (int l = 0; l < norms.Length; l++)
            Assert.Equal(Math.Sqrt(linears[l].Weight.Grad!.SumOfSquares()), norms[l], 12);
    }
}

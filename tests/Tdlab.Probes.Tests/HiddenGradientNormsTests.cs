using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class HiddenGradientNormsTests
{
    [Fact]
    public void LinearRnnWithOrthogonalWeightsGivesExactlyGeometricNorms()
    {
        // h_t = W h_(t-1) + U x_t with W = g Q orthogonal, L = <c, h_T>: dL/dh_t = (W^T)^(T-t) c, so ||dL/dh_t|| = g^(T-t) ||c||.
        const int hidden = 6, steps = 9;
        const double gain = 0.8;
        var rng = new Rng(4, "probe");
        var cell = new RnnCell<double>(3, hidden, rng, RecurrentInit.Orthogonal(gain), RnnActivation.Identity);
        var net = new Recurrent<double>(cell);
        var x = Tensor.Normal<double>(rng, new Shape(steps, 1, 3));
        var c = Tensor.Normal<double>(rng, new Shape(1, hidden));
        var (norms, loss) = HiddenGradientNorms.Measure(net, x, s => (s.Last * c).Sum());
        double cNorm = Math.Sqrt(c.SumOfSquares());
        for (int t = 1; t <= steps; t++) Assert.Equal(Math.Pow(gain, steps - t) * cNorm, norms[t - 1], 10);
        Assert.Equal(net.Run(x).Last.Dot(c.Reshape(1, hidden)).ItemDouble(), loss, 10);
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));

        var fit = HiddenGradientNorms.Fit(norms, 1, steps);
        Assert.Equal(-Math.Log(gain), fit.Slope, 10);
        Assert.Equal(gain, 1 / fit.Factor, 10);
        Assert.Equal(1.0, fit.RSquared, 10);
        Assert.Equal(steps, fit.Points);
    }

    [Fact]
    public void FitMatchesHandComputedLeastSquaresAndSkipsUnusableNorms()
    {
        // log n = [0, 1, 0, 1] at t = 1..4 (one extra zero norm skipped): S_tt = 5, S_ty = 1, so b = 0.2,
        // a = 0.5 - 2.5 b = 0, residuals [-0.2, 0.6, -0.6, 0.2]: SS_res = 0.8 of SS_tot = 1, R^2 = 0.2
        double[] norms = [1, Math.E, 1, Math.E, 0];
        var fit = HiddenGradientNorms.Fit(norms, 1, 5);
        Assert.Equal(0.2, fit.Slope, 12);
        Assert.Equal(0.0, fit.Intercept, 12);
        Assert.Equal(0.2, fit.RSquared, 12);
        Assert.Equal(4, fit.Points);
        Assert.Equal(5, fit.Requested);
        Assert.Throws<ArgumentException>(() => HiddenGradientNorms.Fit(norms, 0, 3));
    }
}

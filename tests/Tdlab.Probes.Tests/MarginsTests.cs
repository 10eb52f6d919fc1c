namespace Tdlab.Probes.Tests;

public class MarginsTests
{
    [Fact]
    public void NormalizedAndSmoothMarginsOfAHandCase()
    {
        // margins m = y f = (1, 2); ||w|| = 2 and L = 2: gamma = 1/4, smooth = -ln(e^-1 + e^-2) / 4.
        var r = Margins.Of([1, -2], [1, -1], 2, 2);
        Assert.Equal(1, r.MinMargin);
        Assert.Equal(0.25, r.Normalized, 15);
        Assert.Equal(-Math.Log(Math.Exp(-1) + Math.Exp(-2)) / 4, r.Smooth, 15);
        Assert.True(r.Smooth <= r.Normalized);
    }

    [Fact]
    public void SmoothMarginStaysFiniteForHugeMargins()
    {
        var r = Margins.Of([1e4, 2e4], [1, 1], 1);
        Assert.Equal(1e4 - Math.Log(1 + Math.Exp(-1e4)), r.Smooth, 8);
    }

    [Fact]
    public void LinearMarginsAndAngles()
    {
        double[] x = [3, 4, -1, 0];
        var r = Margins.Linear([1, 0], x, [1, -1]);
        Assert.Equal(1, r.Normalized, 15);   // min(3, 1)
        Assert.Equal(Math.PI / 4, Margins.Angle([1, 0], [2, 2]), 15);
        Assert.Equal(1.0, Margins.Angle([1, 0], [1, 1e-9]) / 1e-9, 12);
        Assert.Equal(Math.PI, Margins.Angle([1, 0], [-3, 0]), 15);
    }
}

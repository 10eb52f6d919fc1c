using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class MaxMarginTests
{
    [Fact]
    public void HandSolvedCaseGivesTheKnownDirectionMarginAndMultipliers()
    {
        // z_i = y_i x_i: (2, 0), (0, 1) are the support vectors; (3, 3) and (1, 4) are inside.
        // max_{|u|=1} min(2 u1, u2): 2 u1 = u2, u = (1, 2)/sqrt5, margin 2/sqrt5; w = (1/2, 1) = alpha1 (2,0) + alpha2 (0,1).
        double[] x = [2, 0, 0, -1, 3, 3, -1, -4];
        double[] y = [1, -1, 1, -1];
        var s = MaxMargin.Solve(x, y, 2);
        Assert.Equal(2 / Math.Sqrt(5), s.Margin, 12);
        Assert.Equal(1 / Math.Sqrt(5), s.Direction[0], 12);
        Assert.Equal(2 / Math.Sqrt(5), s.Direction[1], 12);
        Assert.Equal([0.25, 1, 0, 0], s.Alpha.Select(a => Math.Round(a, 12)));
        Assert.Equal([0, 1], s.Support);
        Assert.True(s.KktResidual <= 1e-9);
    }

    [Fact]
    public void AffineBoundaryThroughAConstantFeature()
    {
        // Points on the line x2 = 0 at x1 = -1 (y = -1) and x1 = 3 (y = +1), features (1, x1): the boundary is
        // x1 = 1, w = (-1/2, 1/2) (margins exactly 1), so the geometric margin 1/||w|| = sqrt 2.
        double[] x = [1, -1, 1, 3, 1, 5, 1, -4];
        double[] y = [-1, 1, 1, -1];
        var s = MaxMargin.Solve(x, y, 2);
        Assert.Equal(-0.5, s.W[0], 12);
        Assert.Equal(0.5, s.W[1], 12);
        Assert.Equal(Math.Sqrt(2), s.Margin, 12);
    }

    [Fact]
    public void MarginIsTheBestOverAFineAngleScanOfRandomSeparableData()
    {
        var rng = new Rng(11, "svm");
        int n = 40;
        var x = new double[2 * n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextNormal(), b = rng.NextNormal();
            y[i] = a + 0.5 * b > 0 ? 1 : -1;
            x[2 * i] = a + 0.3 * y[i];
            x[2 * i + 1] = b;
        }

        var s = MaxMargin.Solve(x, y, 2);
        double MinMargin(double t)
        {
            double min = double.PositiveInfinity;
            for (int i = 0; i < n; i++) min = Math.Min(min, y[i] * (Math.Cos(t) * x[2 * i] + Math.Sin(t) * x[2 * i + 1]));
            return min;
        }

        // A coarse scan of the circle, then a fine scan of the best cell's neighbourhood.
        double step = 2 * Math.PI / 20_000;
        double bestT = Enumerable.Range(0, 20_000).Select(k => k * step).MaxBy(MinMargin);
        double best = Enumerable.Range(-20_000, 40_001).Select(k => MinMargin(bestT + k * step / 10_000)).Max();

        Assert.True(s.Margin >= best - 1e-12, $"solver {s.Margin} below scan {best}");
        Assert.True(s.Margin - best < 1e-6, $"solver {s.Margin} far above scan {best}");
        Assert.True(s.KktResidual <= 1e-9);
        Assert.Equal(s.Margin, Margins.Linear(s.Direction, x, y).Normalized, 12);
    }

    [Fact]
    public void NonSeparableDataAndBadLabelsAreRejected()
    {
        Assert.Throws<InvalidOperationException>(() => MaxMargin.Solve([1, 0, 1, 0], [1, -1], 2, maxSweeps: 100_000));
        Assert.Contains("label", Assert.Throws<ArgumentException>(() => MaxMargin.Solve([1, 0], [0.5], 2)).Message);
        Assert.Contains("d=3", Assert.Throws<ArgumentException>(() => MaxMargin.Solve([1, 0], [1], 3)).Message);
    }
}

using Tdlab.Lab.Figures;

namespace Tdlab.Lab.Tests.Figures;

public class TransformTests
{
    [Fact]
    public void Linear_transform_maps_ends_and_midpoint()
    {
        var t = new AxisTransform(-2, 6, 100, 500, AxisScale.Linear);
        Assert.Equal(100, t.ToPixel(-2), 12);
        Assert.Equal(500, t.ToPixel(6), 12);
        Assert.Equal(300, t.ToPixel(2), 12);
        Assert.Equal(2, t.ToData(300), 12);
    }

    [Fact]
    public void Y_transform_is_flipped()
    {
        var t = new AxisTransform(0, 1, 400, 50, AxisScale.Linear); // bottom pixel 400, top 50
        Assert.Equal(400, t.ToPixel(0), 12);
        Assert.Equal(50, t.ToPixel(1), 12);
        Assert.Equal(312.5, t.ToPixel(0.25), 12);
    }

    [Fact]
    public void Log_transform_spaces_decades_evenly_and_rejects_non_positive()
    {
        var t = new AxisTransform(1e-3, 1e1, 0, 400, AxisScale.Log10);
        Assert.Equal(0, t.ToPixel(1e-3), 9);
        Assert.Equal(100, t.ToPixel(1e-2), 9);
        Assert.Equal(300, t.ToPixel(1), 9);
        Assert.Equal(300 + 100 * Math.Log10(2), t.ToPixel(2), 9);
        Assert.Equal(0.1, t.ToData(200), 12);
        Assert.True(double.IsNaN(t.ToPixel(0)));
        Assert.True(double.IsNaN(t.ToPixel(-1)));
        Assert.True(double.IsNaN(t.ToPixel(double.NaN)));
    }

    [Fact]
    public void Auto_limits_pad_four_percent_except_sticky_sides()
    {
        var a = new Axis();
        var (lo, hi) = a.Resolve(0, 10);
        Assert.Equal(-0.4, lo, 12);
        Assert.Equal(10.4, hi, 12);
        (lo, hi) = a.Resolve(0, 10, stickyMin: true);
        Assert.Equal(0, lo);
        Assert.Equal(10.4, hi, 12);
    }

    [Fact]
    public void Log_auto_limits_pad_in_decades_and_explicit_limits_win()
    {
        var a = new Axis(null, AxisScale.Log10);
        var (lo, hi) = a.Resolve(1e-3, 1e1);
        Assert.Equal(-3 - 0.16, Math.Log10(lo), 9);
        Assert.Equal(1 + 0.16, Math.Log10(hi), 9);
        a.SetLimits(1e-4, null);
        (lo, _) = a.Resolve(1e-3, 1e1);
        Assert.Equal(1e-4, lo, 15);
        Assert.Throws<ArgumentException>(() => a.SetLimits(0, 1));
    }

    [Fact]
    public void Degenerate_and_empty_data_still_give_a_range()
    {
        var a = new Axis();
        var (lo, hi) = a.Resolve(5, 5);
        Assert.True(lo < 5 && hi > 5);
        (lo, hi) = a.Resolve(double.NaN, double.NaN);
        Assert.Equal((0.0, 1.0), (lo, hi));
    }

    [Fact]
    public void Limits_of_points_skip_values_the_scale_cannot_show()
    {
        double[] xs = [0, 1, 2, 3, 4];
        double[] ys = [5, -1, double.NaN, 0.5, double.PositiveInfinity];
        var lin = AxisLimits.Of(xs, ys, AxisScale.Linear, AxisScale.Linear);
        Assert.Equal((0.0, 3.0, -1.0, 5.0), (lin.XMin, lin.XMax, lin.YMin, lin.YMax));
        var log = AxisLimits.Of(xs, ys, AxisScale.Log10, AxisScale.Log10); // x = 0 and y = -1 dropped
        Assert.Equal((3.0, 3.0, 0.5, 0.5), (log.XMin, log.XMax, log.YMin, log.YMax));
    }

    [Fact]
    public void Union_keeps_stickiness_of_the_winning_side()
    {
        var hist = new AxisLimits(0, 1, 0, 10, StickyEdges.YMin);
        var line = new AxisLimits(-1, 2, 1, 12);
        var u = hist.Union(line);
        Assert.Equal((-1.0, 2.0, 0.0, 12.0), (u.XMin, u.XMax, u.YMin, u.YMax));
        Assert.Equal(StickyEdges.YMin, u.Sticky);
        var below = hist.Union(new AxisLimits(0, 1, -3, 1));
        Assert.Equal(StickyEdges.None, below.Sticky);
    }
}

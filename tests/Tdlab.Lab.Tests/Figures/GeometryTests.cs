using Tdlab.Lab.Figures;

namespace Tdlab.Lab.Tests.Figures;

public class GeometryTests
{
    private static readonly PixelRect Box = new(0, 0, 100, 100);

    [Fact]
    public void NaN_and_Inf_split_a_series_into_runs()
    {
        double[] y = [1, 2, double.NaN, 3, 4, 5, double.PositiveInfinity, 6, double.NaN];
        var runs = PlotGeometry.ValidRuns(y.Length, i => double.IsFinite(y[i]));
        Assert.Equal([(0, 2), (3, 6), (7, 8)], runs);
    }

    [Fact]
    public void Empty_and_all_invalid_series_have_no_runs()
    {
        Assert.Empty(PlotGeometry.ValidRuns(0, _ => true));
        Assert.Empty(PlotGeometry.ValidRuns(3, _ => false));
    }

    [Fact]
    public void Context_breaks_lines_at_NaN_and_at_non_positive_values_on_log_axes()
    {
        var x = new Axis(); var y = new Axis(null, AxisScale.Log10);
        var ctx = new RenderContext(new SvgWriter(), x, y,
            new AxisTransform(0, 10, 0, 100, AxisScale.Linear), new AxisTransform(0.1, 100, 100, 0, AxisScale.Log10), Box);
        double[] xs = [1, 2, 3, 4, 5, 6, 7];
        double[] ys = [1, 2, 0, 3, 4, double.NaN, 5];
        var runs = ctx.PixelRuns(xs, ys);
        Assert.Equal(2, runs.Count); // [1,2] and [3,4]; the lone point 5 draws no line
        Assert.Equal([(10.0, ctx.Py(1)), (20.0, ctx.Py(2))], runs[0]);
        Assert.Equal(2, runs[1].Count);
    }

    [Fact]
    public void Segment_crossing_the_box_is_clipped_to_its_edges()
    {
        Assert.True(PlotGeometry.ClipSegment((-50, 50), (150, 50), Box, out var a, out var b, out bool ca, out bool cb));
        Assert.Equal((0.0, 50.0), a);
        Assert.Equal((100.0, 50.0), b);
        Assert.True(ca && cb);
        Assert.False(PlotGeometry.ClipSegment((-50, -50), (-10, 150), Box, out _, out _, out _, out _));
    }

    [Fact]
    public void Polyline_leaving_and_reentering_becomes_two_pieces()
    {
        var pts = new List<(double, double)> { (10, 10), (50, 1e30), (90, 10) };
        var pieces = PlotGeometry.ClipPolyline(pts, Box);
        Assert.Equal(2, pieces.Count);
        Assert.All(pieces, p => Assert.All(p, q => Assert.True(Box.Inflate(1e-6).Contains(q.X, q.Y))));
        Assert.Equal((10.0, 10.0), pieces[0][0]);
        Assert.Equal(100, pieces[0][1].Y, 9); // pixel y grows downwards: leaves through the bottom
    }

    [Fact]
    public void Polygon_clip_keeps_the_inside_part()
    {
        var square = new List<(double, double)> { (50, 50), (150, 50), (150, 150), (50, 150) };
        var c = PlotGeometry.ClipPolygon(square, Box);
        Assert.Equal(4, c.Count);
        Assert.All(c, p => Assert.True(Box.Contains(p.X, p.Y)));
        double area = 0;
        for (int i = 0; i < c.Count; i++) area += c[i].X * c[(i + 1) % c.Count].Y - c[(i + 1) % c.Count].X * c[i].Y;
        Assert.Equal(2500, Math.Abs(area) / 2, 9);
    }
}

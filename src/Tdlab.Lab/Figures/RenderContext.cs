namespace Tdlab.Lab.Figures;

/// <summary>
/// What a plottable needs to draw: the SVG writer, the panel's axes with their data-to-pixel
/// transforms, and the plot area. Drawing helpers record the pixels they cover so the legend can
/// avoid them.
/// </summary>
public sealed class RenderContext
{
    private readonly List<(double X, double Y)> _occupied = [];

    /// <summary>Creates a context for one panel (or one y-axis of a panel).</summary>
    public RenderContext(SvgWriter svg, Axis x, Axis y, AxisTransform tx, AxisTransform ty, PixelRect area)
    {
        Svg = svg; X = x; Y = y; Tx = tx; Ty = ty; Area = area;
    }

    /// <summary>Output.</summary>
    public SvgWriter Svg { get; }

    /// <summary>Horizontal axis.</summary>
    public Axis X { get; }

    /// <summary>Vertical axis.</summary>
    public Axis Y { get; }

    /// <summary>x data to pixels.</summary>
    public AxisTransform Tx { get; }

    /// <summary>y data to pixels.</summary>
    public AxisTransform Ty { get; }

    /// <summary>Plot area in pixels.</summary>
    public PixelRect Area { get; }

    /// <summary>Pixels covered by data drawn so far (sampled).</summary>
    public IReadOnlyList<(double X, double Y)> Occupied => _occupied;

    /// <summary>Pixel x of a data x (NaN when the scale cannot show it).</summary>
    public double Px(double x) => Tx.ToPixel(x);

    /// <summary>Pixel y of a data y (NaN when the scale cannot show it).</summary>
    public double Py(double y) => Ty.ToPixel(y);

    /// <summary>True when both coordinates can be shown.</summary>
    public bool CanShow(double x, double y) => Axis.CanShow(x, X.Scale) && Axis.CanShow(y, Y.Scale);

    /// <summary>Records that data covers pixel (x, y).</summary>
    public void MarkOccupied(double x, double y)
    {
        if (Area.Contains(x, y)) _occupied.Add((x, y));
    }

    /// <summary>Records the pixels of a polyline, sampled every ~6 px.</summary>
    public void MarkOccupied(IReadOnlyList<(double X, double Y)> run)
    {
        for (int i = 0; i + 1 < run.Count; i++)
        {
            var (a, b) = (run[i], run[i + 1]);
            int n = Math.Clamp((int)(Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)) / 6), 1, 200);
            for (int k = 0; k < n; k++) MarkOccupied(a.X + (b.X - a.X) * k / n, a.Y + (b.Y - a.Y) * k / n);
        }
        if (run.Count > 0) MarkOccupied(run[^1].X, run[^1].Y);
    }

    /// <summary>
    /// Pixel polylines for (xs[i], ys[i]): broken where a point cannot be shown (NaN, Inf, &lt;= 0 on
    /// log axes) and clipped to the plot area.
    /// </summary>
    public List<List<(double X, double Y)>> PixelRuns(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        var result = new List<List<(double X, double Y)>>();
        var clip = Area.Inflate(2);
        foreach (var (s, e) in PlotGeometry.ValidRuns(xs.Count, i => CanShow(xs[i], ys[i])))
        {
            var pts = new List<(double X, double Y)>(e - s);
            for (int i = s; i < e; i++) pts.Add((Px(xs[i]), Py(ys[i])));
            foreach (var piece in PlotGeometry.ClipPolyline(pts, clip))
            {
                result.Add(piece);
                MarkOccupied(piece);
            }
        }
        return result;
    }

    /// <summary>Draws markers at the points that lie in the plot area.</summary>
    public void Markers(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Marker marker, double radius, Color color, double opacity = 1)
    {
        if (marker == Marker.None) return;
        for (int i = 0; i < xs.Count; i++)
        {
            if (!CanShow(xs[i], ys[i])) continue;
            double px = Px(xs[i]), py = Py(ys[i]);
            if (!Area.Inflate(radius).Contains(px, py)) continue;
            Svg.MarkerAt(marker, px, py, radius, color, opacity);
            MarkOccupied(px, py);
        }
    }
}

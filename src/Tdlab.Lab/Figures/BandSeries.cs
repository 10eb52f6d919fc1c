namespace Tdlab.Lab.Figures;

/// <summary>
/// A centre line with a shaded band between lower and upper, e.g. mean +- std over seeds. The band
/// is broken wherever x, lower or upper cannot be shown; the line wherever the centre cannot.
/// </summary>
public sealed class BandSeries : IPlottable
{
    /// <summary>Creates a band; all four sequences must have equal length.</summary>
    public BandSeries(IEnumerable<double> xs, IEnumerable<double> center, IEnumerable<double> lower, IEnumerable<double> upper,
        string? label, Color color)
    {
        Xs = xs.ToArray(); Center = center.ToArray(); Lower = lower.ToArray(); Upper = upper.ToArray();
        Label = label; Color = color;
        if (Center.Length != Xs.Length || Lower.Length != Xs.Length || Upper.Length != Xs.Length)
            throw new ArgumentException($"Band '{label}': lengths x={Xs.Length}, center={Center.Length}, lower={Lower.Length}, upper={Upper.Length} differ.");
    }

    /// <summary>x values.</summary>
    public double[] Xs { get; }

    /// <summary>Centre line (mean or median).</summary>
    public double[] Center { get; }

    /// <summary>Lower edge of the band.</summary>
    public double[] Lower { get; }

    /// <summary>Upper edge of the band.</summary>
    public double[] Upper { get; }

    /// <summary>Legend text.</summary>
    public string? Label { get; set; }

    /// <summary>Line and fill colour.</summary>
    public Color Color { get; set; }

    /// <summary>Dash pattern of the centre line.</summary>
    public LineStyle Style { get; set; } = LineStyle.Solid;

    /// <summary>Centre line width in px.</summary>
    public double Width { get; set; } = 1.8;

    /// <summary>Fill opacity of the band.</summary>
    public double FillOpacity { get; set; } = 0.22;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale) =>
        AxisLimits.Of(Xs, Center, xScale, yScale).Union(AxisLimits.Of(Xs, Lower, xScale, yScale))
            .Union(AxisLimits.Of(Xs, Upper, xScale, yScale));

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        var polygons = new List<IReadOnlyList<(double X, double Y)>>();
        bool Ok(int i) => ctx.CanShow(Xs[i], Lower[i]) && ctx.CanShow(Xs[i], Upper[i]);
        foreach (var (s, e) in PlotGeometry.ValidRuns(Xs.Length, Ok))
        {
            if (e - s < 2) continue;
            var poly = new List<(double X, double Y)>(2 * (e - s));
            for (int i = s; i < e; i++) poly.Add((ctx.Px(Xs[i]), ctx.Py(Upper[i])));
            for (int i = e - 1; i >= s; i--) poly.Add((ctx.Px(Xs[i]), ctx.Py(Lower[i])));
            var clipped = PlotGeometry.ClipPolygon(poly, ctx.Area.Inflate(1));
            if (clipped.Count >= 3) polygons.Add(clipped);
        }
        ctx.Svg.Polygons(polygons, Color, FillOpacity);
        ctx.Svg.Polyline(ctx.PixelRuns(Xs, Center), Color, Width, Style);
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend =>
        string.IsNullOrEmpty(Label) ? [] : [new LegendEntry(Label, Color, LegendSymbol.LineOverPatch, Style, FillOpacity: FillOpacity)];
}

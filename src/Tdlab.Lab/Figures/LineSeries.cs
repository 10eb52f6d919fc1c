namespace Tdlab.Lab.Figures;

/// <summary>A line through (x[i], y[i]), broken at NaN/Inf/off-scale points, optional markers.</summary>
public sealed class LineSeries : IPlottable
{
    /// <summary>Creates a series; xs and ys must have equal length.</summary>
    public LineSeries(IEnumerable<double> xs, IEnumerable<double> ys, string? label, Color color)
    {
        Xs = xs.ToArray(); Ys = ys.ToArray(); Label = label; Color = color;
        if (Xs.Length != Ys.Length)
            throw new ArgumentException($"Line '{label}': {Xs.Length} x values but {Ys.Length} y values.");
    }

    /// <summary>x values.</summary>
    public double[] Xs { get; }

    /// <summary>y values.</summary>
    public double[] Ys { get; }

    /// <summary>Legend text (null: not in the legend).</summary>
    public string? Label { get; set; }

    /// <summary>Stroke colour.</summary>
    public Color Color { get; set; }

    /// <summary>Dash pattern.</summary>
    public LineStyle Style { get; set; } = LineStyle.Solid;

    /// <summary>Symbol at each point.</summary>
    public Marker Marker { get; set; } = Marker.None;

    /// <summary>Stroke width in px.</summary>
    public double Width { get; set; } = 1.8;

    /// <summary>Marker radius in px.</summary>
    public double MarkerSize { get; set; } = 3.2;

    /// <summary>Stroke opacity (0..1).</summary>
    public double Opacity { get; set; } = 1;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale) => AxisLimits.Of(Xs, Ys, xScale, yScale);

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        ctx.Svg.Polyline(ctx.PixelRuns(Xs, Ys), Color, Width, Style, Opacity);
        ctx.Markers(Xs, Ys, Marker, MarkerSize, Color);
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend =>
        string.IsNullOrEmpty(Label) ? [] : [new LegendEntry(Label, Color, LegendSymbol.Line, Style, Marker)];
}

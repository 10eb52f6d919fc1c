namespace Tdlab.Lab.Figures;

/// <summary>Text at a data point, offset in pixels, optionally with a dot on the point. Does not
/// widen the axis limits.</summary>
public sealed class TextLabel(double x, double y, string text) : IPlottable
{
    /// <summary>Data x.</summary>
    public double X { get; set; } = x;

    /// <summary>Data y.</summary>
    public double Y { get; set; } = y;

    /// <summary>Text (may hold ^{..} and _{..}).</summary>
    public string Text { get; set; } = text;

    /// <summary>"start", "middle" or "end".</summary>
    public string Anchor { get; set; } = "start";

    /// <summary>Pixel offset right of the point.</summary>
    public double OffsetX { get; set; } = 5;

    /// <summary>Pixel offset below the point (negative: above).</summary>
    public double OffsetY { get; set; } = -5;

    /// <summary>Font size in px.</summary>
    public double FontSize { get; set; } = 11;

    /// <summary>Text colour.</summary>
    public Color Color { get; set; } = Color.Ink;

    /// <summary>Mark the point with a small dot.</summary>
    public bool Dot { get; set; }

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale) => AxisLimits.Empty;

    /// <inheritdoc/>
    public int Layer => 1;

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        if (!ctx.CanShow(X, Y)) return;
        double px = ctx.Px(X), py = ctx.Py(Y);
        if (!ctx.Area.Contains(px, py)) return;
        if (Dot) ctx.Svg.MarkerAt(Marker.Circle, px, py, 2.5, Color);
        ctx.Svg.Text(px + OffsetX, py + OffsetY, Text, FontSize, Anchor, Color, halo: true);
        ctx.MarkOccupied(px + OffsetX, py + OffsetY);
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend => [];
}

namespace Tdlab.Lab.Figures;

/// <summary>A vertical reference line at x (a theoretical value), labelled along the line.</summary>
public sealed class VLine(double x, string? label = null) : IPlottable
{
    /// <summary>Position.</summary>
    public double X { get; set; } = x;

    /// <summary>Text written beside the line near the top.</summary>
    public string? Label { get; set; } = label;

    /// <summary>Stroke colour.</summary>
    public Color Color { get; set; } = Color.Grey;

    /// <summary>Dash pattern.</summary>
    public LineStyle Style { get; set; } = LineStyle.Dashed;

    /// <summary>Stroke width.</summary>
    public double Width { get; set; } = 1.2;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale) =>
        Axis.CanShow(X, xScale) ? new(X, X, double.NaN, double.NaN) : AxisLimits.Empty;

    /// <inheritdoc/>
    public int Layer => -1;

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        double px = ctx.Px(X);
        var a = ctx.Area;
        if (double.IsNaN(px) || px < a.Left - 0.5 || px > a.Right + 0.5) return;
        ctx.Svg.Line(px, a.Top, px, a.Bottom, Color, Width, Style);
        if (!string.IsNullOrEmpty(Label))
        {
            // rotated -90 degrees: reads bottom-to-top, ending just below the top edge, left of the line
            bool roomLeft = px - a.Left > 16;
            double tx = roomLeft ? px - 4 : px + 4 + 11 * 0.75;
            ctx.Svg.Text(tx, a.Top + 6, Label, 11, "end", Color, rotate: -90, halo: true);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend => [];
}

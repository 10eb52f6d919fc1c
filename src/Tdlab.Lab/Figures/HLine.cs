namespace Tdlab.Lab.Figures;

/// <summary>A horizontal reference line at y, labelled above its right end.</summary>
public sealed class HLine(double y, string? label = null) : IPlottable
{
    /// <summary>Position.</summary>
    public double Y { get; set; } = y;

    /// <summary>Text written above the right end.</summary>
    public string? Label { get; set; } = label;

    /// <summary>Stroke colour.</summary>
    public Color Color { get; set; } = Color.Grey;

    /// <summary>Dash pattern.</summary>
    public LineStyle Style { get; set; } = LineStyle.Dashed;

    /// <summary>Stroke width.</summary>
    public double Width { get; set; } = 1.2;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale) =>
        Axis.CanShow(Y, yScale) ? new(double.NaN, double.NaN, Y, Y) : AxisLimits.Empty;

    /// <inheritdoc/>
    public int Layer => -1;

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        double py = ctx.Py(Y);
        var a = ctx.Area;
        if (double.IsNaN(py) || py < a.Top - 0.5 || py > a.Bottom + 0.5) return;
        ctx.Svg.Line(a.Left, py, a.Right, py, Color, Width, Style);
        if (!string.IsNullOrEmpty(Label))
        {
            bool above = py - a.Top > 16;
            ctx.Svg.Text(a.Right - 4, above ? py - 4 : py + 13, Label, 11, "end", Color, halo: true);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend => [];
}

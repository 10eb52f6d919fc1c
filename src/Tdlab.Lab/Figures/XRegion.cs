namespace Tdlab.Lab.Figures;

/// <summary>
/// A shaded vertical band x0 &lt;= x &lt;= x1 over the full plot height (e.g. "vanishing" and
/// "exploding" regimes), labelled at its top. Infinite ends extend to the plot edge.
/// </summary>
public sealed class XRegion(double x0, double x1, string? label, Color color) : IPlottable
{
    /// <summary>Left end (may be -Inf).</summary>
    public double X0 { get; set; } = x0;

    /// <summary>Right end (may be +Inf).</summary>
    public double X1 { get; set; } = x1;

    /// <summary>Text at the top of the region.</summary>
    public string? Label { get; set; } = label;

    /// <summary>Fill colour.</summary>
    public Color Color { get; set; } = color;

    /// <summary>Fill opacity.</summary>
    public double Opacity { get; set; } = 0.12;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale)
    {
        double lo = Axis.CanShow(X0, xScale) ? X0 : double.NaN, hi = Axis.CanShow(X1, xScale) ? X1 : double.NaN;
        return new(AxisLimits.MinN(lo, hi), AxisLimits.MaxN(lo, hi), double.NaN, double.NaN);
    }

    /// <inheritdoc/>
    public int Layer => -2;

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        var a = ctx.Area;
        double l = Edge(Math.Min(X0, X1)), r = Edge(Math.Max(X0, X1));
        l = Math.Max(l, a.Left); r = Math.Min(r, a.Right);
        if (!(r > l)) return;
        ctx.Svg.Rect(l, a.Top, r - l, a.Height, Color.ToString(), Opacity);
        if (!string.IsNullOrEmpty(Label) && SvgWriter.TextWidth(Label, 11) < r - l)
            ctx.Svg.Text((l + r) / 2, a.Top + 14, Label, 11, "middle", Color.Lerp(Color, Color.Ink, 0.35), weight: "600");

        double Edge(double v) => double.IsNegativeInfinity(v) || (ctx.X.IsLog && v <= 0) ? a.Left
            : double.IsPositiveInfinity(v) ? a.Right : ctx.Px(v);
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend => [];
}

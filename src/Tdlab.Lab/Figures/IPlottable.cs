namespace Tdlab.Lab.Figures;

/// <summary>
/// Anything an <see cref="Axes"/> can draw: it reports the data range it needs, renders itself into
/// the panel's coordinate system, and names its legend rows. (After ScottPlot's IPlottable.)
/// </summary>
public interface IPlottable
{
    /// <summary>Data range this item needs. Values a scale cannot show (&lt;= 0 on log10) are left out;
    /// NaN components mean "no opinion" for that side.</summary>
    AxisLimits Limits(AxisScale xScale, AxisScale yScale);

    /// <summary>Writes SVG for this item; <paramref name="ctx"/> maps data to pixels.</summary>
    void Render(RenderContext ctx);

    /// <summary>Legend rows contributed by this item (empty when unlabelled).</summary>
    IReadOnlyList<LegendEntry> Legend { get; }

    /// <summary>Drawing order: lower first. Regions -3..-1 sit behind data (0); text above (1).</summary>
    int Layer => 0;
}

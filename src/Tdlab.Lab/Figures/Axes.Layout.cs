namespace Tdlab.Lab.Figures;

public sealed partial class Axes
{
    internal const double TickFs = 11, LabelFs = 12, TitleFs = 13, LegendFs = 11, TickLength = 4;

    /// <summary>Resolved limits (set by the figure before measuring and rendering).</summary>
    internal double XLo, XHi, YLo, YHi;

    /// <summary>False hides tick labels and axis title (inner panels of shared small multiples).</summary>
    internal bool ShowXTickLabels = true, ShowYTickLabels = true;

    /// <summary>Sets final limits from (possibly shared) data limits.</summary>
    internal void Resolve(AxisLimits xData, AxisLimits yData)
    {
        (XLo, XHi) = X.Resolve(xData.XMin, xData.XMax, Has(xData, StickyEdges.XMin), Has(xData, StickyEdges.XMax));
        (YLo, YHi) = Y.Resolve(yData.YMin, yData.YMax, Has(yData, StickyEdges.YMin), Has(yData, StickyEdges.YMax));
        if (_twin is not null)
        {
            var t = _twin.DataLimits();
            (_twin.XLo, _twin.XHi) = (XLo, XHi);
            (_twin.YLo, _twin.YHi) = _twin.Y.Resolve(t.YMin, t.YMax, Has(t, StickyEdges.YMin), Has(t, StickyEdges.YMax));
        }

        static bool Has(AxisLimits l, StickyEdges e) => (l.Sticky & e) != 0;
    }

    /// <summary>Margins this panel needs inside a cell of the given size.</summary>
    internal Margins Measure(double cellWidth, double cellHeight)
    {
        double approxH = Math.Max(cellHeight - 70, 40), approxW = Math.Max(cellWidth - 90, 40);
        double left = 6, bottom = 8, top = Title is null ? 12 : 12 + TitleFs + 6, right = 10;
        if (ShowYTickLabels)
        {
            left += TickLength + 3 + MaxLabelWidth(Y.ChooseTicks(YLo, YHi, approxH, false, TickFs));
            if (Y.Label is not null) left += 6 + LabelFs;
        }
        else left += TickLength;
        if (ShowXTickLabels)
        {
            bottom += TickLength + 3 + TickFs;
            if (X.Label is not null) bottom += 6 + LabelFs;
            var xt = X.ChooseTicks(XLo, XHi, approxW, true, TickFs).Where(t => t.Label.Length > 0).ToList();
            if (xt.Count > 0) right = Math.Max(right, SvgWriter.TextWidth(xt[^1].Label, TickFs) / 2 + 4);
        }
        else bottom += TickLength;
        right += RightExtras(approxH);
        return new Margins(left, top, right, bottom);
    }

    /// <summary>Width right of the plot area taken by the twin axis, colour bar and outside legend.</summary>
    private double RightExtras(double plotHeight)
    {
        double w = TwinAxisWidth(plotHeight);
        if (ColorBarSource() is { } hm) w += hm.ColorBarWidth(TickFs);
        if (LegendPosition == LegendPosition.OutsideRight && LegendEntries().Count > 0)
            w += 10 + Legend.Size(LegendEntries(), LegendFs).W;
        return w;
    }

    private double TwinAxisWidth(double plotHeight)
    {
        if (_twin is null) return 0;
        double w = TickLength + 3 + MaxLabelWidth(_twin.Y.ChooseTicks(_twin.YLo, _twin.YHi, plotHeight, false, TickFs));
        return _twin.Y.Label is null ? w : w + 6 + LabelFs;
    }

    private Heatmap? ColorBarSource() =>
        _items.Concat(_twin?._items ?? []).OfType<Heatmap>().FirstOrDefault(h => h.ShowColorBar);

    private List<LegendEntry> LegendEntries() =>
        _items.Concat(_twin?._items ?? []).SelectMany(p => p.Legend).ToList();

    private static double MaxLabelWidth(IEnumerable<Tick> ticks) =>
        ticks.Select(t => SvgWriter.TextWidth(t.Label, TickFs)).DefaultIfEmpty(0).Max();
}

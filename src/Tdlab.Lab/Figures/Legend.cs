namespace Tdlab.Lab.Figures;

/// <summary>Draws a legend box: one row per entry, symbol then label.</summary>
internal static class Legend
{
    private const double Pad = 6, SymbolWidth = 22, Gap = 6;

    private static double RowHeight(double fs) => fs + 5;

    /// <summary>(width, height) of the box.</summary>
    public static (double W, double H) Size(IReadOnlyList<LegendEntry> entries, double fs)
    {
        double text = entries.Select(e => SvgWriter.TextWidth(e.Label, fs)).DefaultIfEmpty(0).Max();
        return (Pad + SymbolWidth + Gap + text + Pad, Pad + entries.Count * RowHeight(fs) - 5 + Pad);
    }

    /// <summary>
    /// Places and draws the legend. Auto tries the inside corners top-right, top-left, bottom-right,
    /// bottom-left and takes the first covering the fewest sampled data pixels.
    /// </summary>
    public static void Render(SvgWriter svg, IReadOnlyList<LegendEntry> entries, LegendPosition position, PixelRect plot,
        IReadOnlyList<(double X, double Y)> occupied, double outsideLeft, double fs)
    {
        if (entries.Count == 0 || position == LegendPosition.Hidden) return;
        var (w, h) = Size(entries, fs);
        const double inset = 6;
        PixelRect Corner(LegendPosition p) => p switch
        {
            LegendPosition.TopLeft => new(plot.Left + inset, plot.Top + inset, w, h),
            LegendPosition.BottomRight => new(plot.Right - inset - w, plot.Bottom - inset - h, w, h),
            LegendPosition.BottomLeft => new(plot.Left + inset, plot.Bottom - inset - h, w, h),
            LegendPosition.OutsideRight => new(outsideLeft, plot.Top, w, h),
            _ => new(plot.Right - inset - w, plot.Top + inset, w, h),
        };
        PixelRect box;
        if (position == LegendPosition.Auto)
        {
            LegendPosition[] order = [LegendPosition.TopRight, LegendPosition.TopLeft, LegendPosition.BottomRight, LegendPosition.BottomLeft];
            box = order.Select(Corner).MinBy(r => occupied.Count(p => r.Inflate(3).Contains(p.X, p.Y)));
        }
        else box = Corner(position);

        svg.Rect(box.Left, box.Top, box.Width, box.Height, "#ffffff", 0.88, new Color(0xcc, 0xcc, 0xcc), 0.8);
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            double cy = box.Top + Pad + i * RowHeight(fs) + fs / 2;
            double x0 = box.Left + Pad;
            Symbol(svg, e, x0, cy);
            svg.Text(x0 + SymbolWidth + Gap, cy, e.Label, fs, middle: true);
        }
    }

    private static void Symbol(SvgWriter svg, LegendEntry e, double x0, double cy)
    {
        switch (e.Symbol)
        {
            case LegendSymbol.Patch:
                svg.Rect(x0 + 5, cy - 5, 12, 10, e.Color.ToString(), e.FillOpacity, e.Color, 1);
                break;
            case LegendSymbol.LineOverPatch:
                svg.Rect(x0, cy - 5, SymbolWidth, 10, e.Color.ToString(), e.FillOpacity);
                svg.Line(x0, cy, x0 + SymbolWidth, cy, e.Color, 1.8, e.Style);
                break;
            case LegendSymbol.MarkerOnly:
                svg.MarkerAt(e.Marker, x0 + SymbolWidth / 2, cy, 3.5, e.Color);
                break;
            default:
                svg.Line(x0, cy, x0 + SymbolWidth, cy, e.Color, 1.8, e.Style);
                svg.MarkerAt(e.Marker, x0 + SymbolWidth / 2, cy, 3, e.Color);
                break;
        }
    }
}

namespace Tdlab.Lab.Figures;

public sealed partial class Heatmap
{
    /// <summary>Width the colour bar needs to the right of the plot area, in px.</summary>
    internal double ColorBarWidth(double fontSize)
    {
        if (!ShowColorBar) return 0;
        var (lo, hi) = ColorRange();
        double labels = BarTicks(lo, hi, 200).Select(t => SvgWriter.TextWidth(t.Label, fontSize)).DefaultIfEmpty(0).Max();
        return 14 + 12 + 5 + labels + (ColorLabel is null ? 4 : 8 + fontSize + 4);
    }

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        var xe = CellEdges(Xs, ctx.X.IsLog);
        var ye = CellEdges(Ys, ctx.Y.IsLog);
        var area = ctx.Area;
        if (HasMissing) ctx.Svg.Define(HatchId, HatchPattern);
        for (int i = 0; i < Ys.Length; i++)
            for (int j = 0; j < Xs.Length; j++)
            {
                double xa = ctx.Px(xe[j]), xb = ctx.Px(xe[j + 1]), ya = ctx.Py(ye[i]), yb = ctx.Py(ye[i + 1]);
                if (double.IsNaN(xa + xb + ya + yb)) continue;
                double l = Math.Max(Math.Min(xa, xb), area.Left), r = Math.Min(Math.Max(xa, xb), area.Right);
                double t = Math.Max(Math.Min(ya, yb), area.Top), b = Math.Min(Math.Max(ya, yb), area.Bottom);
                if (!(r > l && b > t)) continue;
                Color? c = ColorOf(Values[i, j]);
                ctx.Svg.Rect(l, t, r - l, b - t, c?.ToString() ?? $"url(#{HatchId})");
                if (ShowValues && c is Color cc)
                    ctx.Svg.Text((l + r) / 2, (t + b) / 2, Values[i, j].ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
                        10, "middle", cc.Luminance > 0.5 ? Color.Ink : new Color(255, 255, 255), middle: true);
                for (double y = t; y < b; y += 6) for (double x = l; x < r; x += 6) ctx.MarkOccupied(x, y);
            }
    }

    /// <summary>Draws the colour bar in the strip right of the plot area.</summary>
    internal void RenderColorBar(SvgWriter svg, PixelRect plot, double fontSize)
    {
        if (!ShowColorBar) return;
        bool missing = HasMissing;
        var bar = new PixelRect(plot.Right + 14, plot.Top, 12, plot.Height - (missing ? 24 : 0));
        var (lo, hi) = ColorRange();
        string gid = svg.NewId("cbar");
        var stops = string.Join("", Colormap.ViridisAnchors.Select((c, k) =>
            $"<stop offset=\"{SvgWriter.N(k / (double)(Colormap.ViridisAnchors.Count - 1))}\" stop-color=\"{c}\"/>"));
        svg.Define(gid, $"<linearGradient id=\"{gid}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">{stops}</linearGradient>");
        svg.Rect(bar.Left, bar.Top, bar.Width, bar.Height, $"url(#{gid})", stroke: Color.Grey, strokeWidth: 0.6);
        var scale = LogColor ? AxisScale.Log10 : AxisScale.Linear;
        var tr = new AxisTransform(lo, hi, bar.Bottom, bar.Top, scale);
        double labelW = 0;
        foreach (var tick in BarTicks(lo, hi, bar.Height))
        {
            double y = tr.ToPixel(tick.Value);
            svg.Line(bar.Right, y, bar.Right + (tick.Major ? 4 : 2), y, Color.Ink, 0.8);
            if (tick.Label.Length == 0) continue;
            svg.Text(bar.Right + 6, y, tick.Label, fontSize, middle: true);
            labelW = Math.Max(labelW, SvgWriter.TextWidth(tick.Label, fontSize));
        }
        if (ColorLabel is not null)
        {
            double x = bar.Right + 6 + labelW + 6 + fontSize * 0.8;
            svg.Text(x, bar.Top + bar.Height / 2, ColorLabel, fontSize, "middle", rotate: -90);
        }
        if (missing)
        {
            svg.Define(HatchId, HatchPattern);
            svg.Rect(bar.Left, plot.Bottom - 12, 12, 12, $"url(#{HatchId})", stroke: Color.Grey, strokeWidth: 0.6);
            svg.Text(bar.Right + 6, plot.Bottom - 6, NanLabel, fontSize, middle: true);
        }
    }

    private IReadOnlyList<Tick> BarTicks(double lo, double hi, double pixels) =>
        LogColor ? Ticks.Log10(lo, hi, Math.Clamp((int)(pixels / 28), 2, 8)) : Ticks.Linear(lo, hi, Math.Clamp((int)(pixels / 45), 2, 8));

    private const string HatchPattern =
        "<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">" +
        "<rect width=\"6\" height=\"6\" fill=\"#e4e4e4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" stroke-width=\"1.6\"/></pattern>";
}

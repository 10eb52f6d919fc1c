namespace Tdlab.Lab.Figures;

public sealed partial class Axes
{
    private static readonly Color GridColor = new(0xe6, 0xe6, 0xe6), FrameColor = new(0x44, 0x44, 0x44);

    /// <summary>Draws the panel with its plot area at <paramref name="plot"/>.</summary>
    internal void Render(SvgWriter svg, PixelRect plot)
    {
        var xt = X.ChooseTicks(XLo, XHi, plot.Width, true, TickFs);
        var yt = Y.ChooseTicks(YLo, YHi, plot.Height, false, TickFs);
        var tx = new AxisTransform(XLo, XHi, plot.Left, plot.Right, X.Scale);
        var ty = new AxisTransform(YLo, YHi, plot.Bottom, plot.Top, Y.Scale);

        foreach (var t in xt.Where(t => t.Label.Length > 0)) GridLine(tx.ToPixel(t.Value), vertical: true);
        foreach (var t in yt.Where(t => t.Label.Length > 0)) GridLine(ty.ToPixel(t.Value), vertical: false);

        string clip = svg.NewId("clip");
        svg.Define(clip, $"<clipPath id=\"{clip}\"><rect x=\"{SvgWriter.N(plot.Left)}\" y=\"{SvgWriter.N(plot.Top)}\" width=\"{SvgWriter.N(plot.Width)}\" height=\"{SvgWriter.N(plot.Height)}\"/></clipPath>");
        svg.OpenGroup($"clip-path=\"url(#{clip})\"");
        var ctx = new RenderContext(svg, X, Y, tx, ty, plot);
        foreach (var p in _items.OrderBy(p => p.Layer)) p.Render(ctx);
        RenderContext? twinCtx = null;
        if (_twin is not null)
        {
            twinCtx = new RenderContext(svg, X, _twin.Y, tx, new AxisTransform(_twin.YLo, _twin.YHi, plot.Bottom, plot.Top, _twin.Y.Scale), plot);
            foreach (var p in _twin._items.OrderBy(p => p.Layer)) p.Render(twinCtx);
        }
        svg.CloseGroup();
        svg.Rect(plot.Left, plot.Top, plot.Width, plot.Height, "none", stroke: FrameColor, strokeWidth: 0.8);

        // x ticks below, y ticks left, twin y ticks right
        foreach (var t in xt)
        {
            double px = tx.ToPixel(t.Value);
            svg.Line(px, plot.Bottom, px, plot.Bottom + (t.Major ? TickLength : TickLength / 2), FrameColor, 0.8);
            if (ShowXTickLabels && t.Label.Length > 0)
                svg.Text(px, plot.Bottom + TickLength + 3 + 0.8 * TickFs, t.Label, TickFs, "middle");
        }
        double yLabelsW = YTicks(svg, yt, ty, plot.Left, -1, ShowYTickLabels);
        if (ShowXTickLabels && X.Label is not null)
            svg.Text(plot.Left + plot.Width / 2, plot.Bottom + TickLength + 3 + TickFs + 6 + 0.8 * LabelFs, X.Label, LabelFs, "middle");
        if (ShowYTickLabels && Y.Label is not null)
            svg.Text(plot.Left - TickLength - 3 - yLabelsW - 6, plot.Top + plot.Height / 2, Y.Label, LabelFs, "middle", rotate: -90);
        double rightEdge = plot.Right;
        if (_twin is not null)
        {
            var t2 = _twin.Y.ChooseTicks(_twin.YLo, _twin.YHi, plot.Height, false, TickFs);
            double w2 = YTicks(svg, t2, twinCtx!.Ty, plot.Right, +1, true);
            if (_twin.Y.Label is not null)
                svg.Text(plot.Right + TickLength + 3 + w2 + 6 + 0.8 * LabelFs, plot.Top + plot.Height / 2, _twin.Y.Label, LabelFs, "middle", rotate: -90);
            rightEdge += TwinAxisWidth(plot.Height);
        }
        if (Title is not null)
            svg.Text(plot.Left + plot.Width / 2, plot.Top - 8, Title, TitleFs, "middle", weight: "600");
        if (ColorBarSource() is { } hm)
        {
            hm.RenderColorBar(svg, new PixelRect(plot.Left, plot.Top, rightEdge - plot.Left, plot.Height), TickFs);
            rightEdge += hm.ColorBarWidth(TickFs);
        }
        var occupied = twinCtx is null ? ctx.Occupied : ctx.Occupied.Concat(twinCtx.Occupied).ToList();
        Legend.Render(svg, LegendEntries(), LegendPosition, plot, occupied, rightEdge + 10, LegendFs);

        void GridLine(double p, bool vertical)
        {
            if (double.IsNaN(p)) return;
            if (vertical && p > plot.Left + 0.5 && p < plot.Right - 0.5) svg.Line(p, plot.Top, p, plot.Bottom, GridColor, 0.8);
            if (!vertical && p > plot.Top + 0.5 && p < plot.Bottom - 0.5) svg.Line(plot.Left, p, plot.Right, p, GridColor, 0.8);
        }
    }

    /// <summary>Ticks on a vertical axis at x = edge pointing in direction side (-1 left, +1 right);
    /// returns the widest label drawn.</summary>
    private static double YTicks(SvgWriter svg, IReadOnlyList<Tick> ticks, AxisTransform ty, double edge, int side, bool labels)
    {
        double widest = 0;
        foreach (var t in ticks)
        {
            double py = ty.ToPixel(t.Value);
            svg.Line(edge, py, edge + side * (t.Major ? TickLength : TickLength / 2), py, FrameColor, 0.8);
            if (!labels || t.Label.Length == 0) continue;
            svg.Text(edge + side * (TickLength + 3), py, t.Label, TickFs, side < 0 ? "end" : "start", middle: true);
            widest = Math.Max(widest, SvgWriter.TextWidth(t.Label, TickFs));
        }
        return widest;
    }
}

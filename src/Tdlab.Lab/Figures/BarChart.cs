namespace Tdlab.Lab.Figures;

/// <summary>
/// Grouped bars: category c sits at x = c (0-based); each added series gets one bar per category,
/// side by side within 80% of the category slot, with optional error bars (e.g. std over seeds).
/// </summary>
public sealed class BarChart : IPlottable
{
    private readonly List<Series> _series = [];
    private readonly Func<Color> _nextColor;

    /// <summary>One bar series.</summary>
    public sealed record Series(string? Label, double[] Values, double[]? Errors, Color Color);

    /// <summary>Creates an empty chart; <paramref name="nextColor"/> supplies colours for added series.</summary>
    public BarChart(IEnumerable<string> categories, Func<Color> nextColor)
    {
        Categories = categories.ToArray();
        _nextColor = nextColor;
        if (Categories.Length == 0) throw new ArgumentException("BarChart: no categories.");
    }

    /// <summary>Category names, one per slot.</summary>
    public string[] Categories { get; }

    /// <summary>Series in drawing order.</summary>
    public IReadOnlyList<Series> All => _series;

    /// <summary>Fraction of a slot the bars of one category fill.</summary>
    public double GroupWidth { get; set; } = 0.8;

    /// <summary>Adds a series of one value per category (errors optional, same length). Returns this chart.</summary>
    public BarChart Add(IEnumerable<double> values, string? label = null, IEnumerable<double>? errors = null, Color? color = null)
    {
        var v = values.ToArray();
        var e = errors?.ToArray();
        if (v.Length != Categories.Length || (e is not null && e.Length != v.Length))
            throw new ArgumentException($"Bars '{label}': {Categories.Length} categories but {v.Length} values and {e?.Length.ToString() ?? "no"} errors.");
        _series.Add(new Series(label, v, e, color ?? _nextColor()));
        return this;
    }

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale)
    {
        var ys = new List<double>();
        foreach (var s in _series)
            for (int i = 0; i < s.Values.Length; i++)
            {
                double err = s.Errors?[i] ?? 0;
                ys.Add(s.Values[i] - (double.IsFinite(err) ? err : 0));
                ys.Add(s.Values[i] + (double.IsFinite(err) ? err : 0));
            }
        var (y0, y1) = AxisLimits.Range(ys.ToArray(), yScale);
        var sticky = StickyEdges.XMin | StickyEdges.XMax;
        if (yScale == AxisScale.Linear && !double.IsNaN(y0))
        {
            if (y0 >= 0) sticky |= StickyEdges.YMin;
            if (y1 <= 0) sticky |= StickyEdges.YMax;
            (y0, y1) = (Math.Min(0, y0), Math.Max(0, y1));
        }
        return new(-0.5, Categories.Length - 0.5, y0, y1, sticky);
    }

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        int n = Math.Max(_series.Count, 1);
        double w = GroupWidth / n;
        double baseY = ctx.Py(ctx.Y.IsLog ? ctx.Ty.DataLo : 0);
        var area = ctx.Area;
        for (int k = 0; k < _series.Count; k++)
        {
            var s = _series[k];
            for (int c = 0; c < Categories.Length; c++)
            {
                double centre = c - GroupWidth / 2 + w * (k + 0.5);
                double xl = ctx.Px(centre - w / 2) + 0.5, xr = ctx.Px(centre + w / 2) - 0.5;
                double yv = ctx.Py(s.Values[c]);
                if (double.IsNaN(yv)) continue;
                double t = Math.Clamp(Math.Min(yv, baseY), area.Top, area.Bottom), b = Math.Clamp(Math.Max(yv, baseY), area.Top, area.Bottom);
                ctx.Svg.Rect(xl, t, xr - xl, b - t, s.Color.ToString(), 0.85);
                for (double y = t; y < b; y += 6) ctx.MarkOccupied((xl + xr) / 2, y);
                if (s.Errors is { } errs && double.IsFinite(errs[c]) && errs[c] > 0)
                {
                    double xm = ctx.Px(centre), ya = ctx.Py(s.Values[c] - errs[c]), yb = ctx.Py(s.Values[c] + errs[c]);
                    if (double.IsNaN(ya)) ya = area.Bottom;
                    ctx.Svg.Line(xm, ya, xm, yb, Color.Ink, 1);
                    double cap = Math.Min(4, (xr - xl) / 3);
                    ctx.Svg.Line(xm - cap, ya, xm + cap, ya, Color.Ink, 1);
                    ctx.Svg.Line(xm - cap, yb, xm + cap, yb, Color.Ink, 1);
                    ctx.MarkOccupied(xm, yb);
                }
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend =>
        _series.Where(s => !string.IsNullOrEmpty(s.Label)).Select(s => new LegendEntry(s.Label!, s.Color, LegendSymbol.Patch, FillOpacity: 0.85)).ToArray();
}

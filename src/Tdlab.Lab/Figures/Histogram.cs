namespace Tdlab.Lab.Figures;

/// <summary>
/// Bars over bins [Edges[i], Edges[i+1]) with heights Counts[i], filled lightly with a step outline
/// so several histograms can overlap. Built from raw values (<see cref="FromValues"/>) or from
/// precomputed bins.
/// </summary>
public sealed class Histogram : IPlottable
{
    /// <summary>Creates a histogram from n+1 increasing edges and n heights.</summary>
    public Histogram(IEnumerable<double> edges, IEnumerable<double> counts, string? label, Color color)
    {
        Edges = edges.ToArray(); Counts = counts.ToArray(); Label = label; Color = color;
        if (Edges.Length != Counts.Length + 1)
            throw new ArgumentException($"Histogram '{label}': {Edges.Length} edges need {Edges.Length - 1} counts, got {Counts.Length}.");
        for (int i = 0; i + 1 < Edges.Length; i++)
            if (!(Edges[i] < Edges[i + 1]))
                throw new ArgumentException($"Histogram '{label}': edges must increase, edge {i} = {Edges[i]}, edge {i + 1} = {Edges[i + 1]}.");
    }

    /// <summary>
    /// Bins finite values into <paramref name="bins"/> equal-width bins over [min, max]; with
    /// <paramref name="logBins"/> the bins are equal in log10 and values &lt;= 0 are dropped (singular
    /// values). With <paramref name="density"/> heights are count / (N * width), width measured in x
    /// (or in decades for log bins), so the bars integrate to 1.
    /// </summary>
    public static Histogram FromValues(IEnumerable<double> values, int bins, bool logBins, bool density, string? label, Color color)
    {
        var (edges, counts) = Bin(values.ToArray(), bins, logBins);
        if (density)
        {
            double n = counts.Sum();
            for (int i = 0; i < counts.Length && n > 0; i++)
            {
                double w = logBins ? Math.Log10(edges[i + 1] / edges[i]) : edges[i + 1] - edges[i];
                counts[i] /= n * w;
            }
        }
        return new Histogram(edges, counts, label, color);
    }

    /// <summary>Equal-width (or equal-log-width) bins over the usable values; the last bin is closed.</summary>
    public static (double[] Edges, double[] Counts) Bin(ReadOnlySpan<double> values, int bins, bool logBins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "Histogram.Bin needs at least one bin.");
        var scale = logBins ? AxisScale.Log10 : AxisScale.Linear;
        var (lo, hi) = AxisLimits.Range(values, scale);
        if (double.IsNaN(lo)) (lo, hi) = logBins ? (1.0, 10.0) : (0.0, 1.0);
        Func<double, double> f = logBins ? Math.Log10 : v => v;
        Func<double, double> inv = logBins ? v => Math.Pow(10, v) : v => v;
        double f0 = f(lo), f1 = f(hi);
        if (f1 == f0) { f0 -= 0.5; f1 += 0.5; }
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = inv(f0 + (f1 - f0) * i / bins);
        var counts = new double[bins];
        foreach (double v in values)
        {
            if (!Axis.CanShow(v, scale)) continue;
            int b = (int)Math.Floor((f(v) - f0) / (f1 - f0) * bins);
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return (edges, counts);
    }

    /// <summary>Bin edges (n + 1).</summary>
    public double[] Edges { get; }

    /// <summary>Bar heights (n).</summary>
    public double[] Counts { get; }

    /// <summary>Legend text.</summary>
    public string? Label { get; set; }

    /// <summary>Fill and outline colour.</summary>
    public Color Color { get; set; }

    /// <summary>Fill opacity.</summary>
    public double FillOpacity { get; set; } = 0.45;

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale)
    {
        var (x0, x1) = AxisLimits.Range(Edges, xScale);
        var (y0, y1) = AxisLimits.Range(Counts, yScale);
        if (yScale == AxisScale.Linear && !double.IsNaN(y0))
            return new(x0, x1, Math.Min(0, y0), y1, y0 >= 0 ? StickyEdges.YMin : StickyEdges.None);
        return new(x0, x1, y0, y1);
    }

    /// <inheritdoc/>
    public void Render(RenderContext ctx)
    {
        double baseline = ctx.Y.IsLog ? ctx.Ty.DataLo : 0;
        var area = ctx.Area.Inflate(1);
        var sx = new List<double>(); var sy = new List<double>();
        for (int i = 0; i < Counts.Length; i++)
        {
            double xa = ctx.Px(Edges[i]), xb = ctx.Px(Edges[i + 1]), yt = ctx.Py(Counts[i]), yb = ctx.Py(baseline);
            if (double.IsNaN(xa) || double.IsNaN(xb) || double.IsNaN(yt)) { Step(double.NaN, double.NaN); continue; }
            double l = Math.Max(xa, area.Left), r = Math.Min(xb, area.Right);
            double t = Math.Clamp(yt, area.Top, area.Bottom), b = Math.Clamp(yb, area.Top, area.Bottom);
            if (r > l && b > t) ctx.Svg.Rect(l, t, r - l, b - t, Color.ToString(), FillOpacity);
            Step(Edges[i], baseline); Step(Edges[i], Counts[i]); Step(Edges[i + 1], Counts[i]); Step(Edges[i + 1], baseline);
            for (double y = t; y < b; y += 6) ctx.MarkOccupied((l + r) / 2, y);
        }
        ctx.Svg.Polyline(ctx.PixelRuns(sx, sy), Color, 1.2, LineStyle.Solid);

        void Step(double x, double y) { sx.Add(x); sy.Add(y); }
    }

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend =>
        string.IsNullOrEmpty(Label) ? [] : [new LegendEntry(Label, Color, LegendSymbol.Patch, FillOpacity: FillOpacity)];
}

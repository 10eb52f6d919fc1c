namespace Tdlab.Lab.Figures;

public sealed partial class Axes
{
    /// <summary>Line through (xs, ys); NaN/Inf (and &lt;= 0 on log axes) break it into segments.</summary>
    public LineSeries Line(IEnumerable<double> xs, IEnumerable<double> ys, string? label = null,
        Color? color = null, LineStyle style = LineStyle.Solid, Marker marker = Marker.None, double width = 1.8)
        => Add(new LineSeries(xs, ys, label, color ?? NextColor()) { Style = style, Marker = marker, Width = width });

    /// <summary>Line through (i, ys[i]), i = 0, 1, ...</summary>
    public LineSeries Line(IEnumerable<double> ys, string? label = null, Color? color = null, LineStyle style = LineStyle.Solid)
    {
        var y = ys.ToArray();
        return Line(Enumerable.Range(0, y.Length).Select(i => (double)i), y, label, color, style);
    }

    /// <summary>Centre line with a shaded band [lower, upper] (mean +- std over seeds).</summary>
    public BandSeries Band(IEnumerable<double> xs, IEnumerable<double> center, IEnumerable<double> lower, IEnumerable<double> upper,
        string? label = null, Color? color = null, LineStyle style = LineStyle.Solid)
        => Add(new BandSeries(xs, center, lower, upper, label, color ?? NextColor()) { Style = style });

    /// <summary>Band of mean +- std: lower = mean - std, upper = mean + std.</summary>
    public BandSeries BandStd(IEnumerable<double> xs, IEnumerable<double> mean, IEnumerable<double> std, string? label = null, Color? color = null)
    {
        var m = mean.ToArray();
        var s = std.ToArray();
        if (s.Length != m.Length) throw new ArgumentException($"BandStd '{label}': {m.Length} means but {s.Length} stds.");
        return Band(xs, m, m.Select((v, i) => v - s[i]), m.Select((v, i) => v + s[i]), label, color);
    }

    /// <summary>Markers at (xs, ys).</summary>
    public ScatterSeries Scatter(IEnumerable<double> xs, IEnumerable<double> ys, string? label = null,
        Color? color = null, Marker marker = Marker.Circle, double size = 3)
        => Add(new ScatterSeries(xs, ys, label, color ?? NextColor()) { Marker = marker, Size = size });

    /// <summary>Histogram of raw values; bins are log-spaced when the x axis is log10 (values &lt;= 0 dropped).</summary>
    public Histogram Histogram(IEnumerable<double> values, int bins = 30, string? label = null, bool density = false, Color? color = null)
        => Add(Figures.Histogram.FromValues(values, bins, X.IsLog, density, label, color ?? NextColor()));

    /// <summary>Histogram from precomputed bins (n + 1 edges, n heights).</summary>
    public Histogram Histogram(IEnumerable<double> edges, IEnumerable<double> counts, string? label = null, Color? color = null)
        => Add(new Histogram(edges, counts, label, color ?? NextColor()));

    /// <summary>Heatmap of values (ys.Count, xs.Count) with cell centres xs, ys and a colour bar.</summary>
    public Heatmap Heatmap(IEnumerable<double> xs, IEnumerable<double> ys, double[,] values, string? colorLabel = null, bool logColor = false)
        => Add(new Heatmap(xs, ys, values, colorLabel) { LogColor = logColor });

    /// <summary>Heatmap over categories: columns named by xNames, rows by yNames (values (rows, cols)).</summary>
    public Heatmap Heatmap(IReadOnlyList<string> xNames, IReadOnlyList<string> yNames, double[,] values, string? colorLabel = null, bool logColor = false)
    {
        X.SetCategories(xNames);
        Y.SetCategories(yNames);
        return Heatmap(Enumerable.Range(0, xNames.Count).Select(i => (double)i), Enumerable.Range(0, yNames.Count).Select(i => (double)i),
            values, colorLabel, logColor);
    }

    /// <summary>Grouped bar chart over categories; add series with <see cref="BarChart.Add"/>.
    /// The x axis is labelled with the category names.</summary>
    public BarChart Bars(IEnumerable<string> categories)
    {
        var chart = Add(new BarChart(categories, NextColor));
        X.SetCategories(chart.Categories);
        return chart;
    }

    /// <summary>Bar chart with one series.</summary>
    public BarChart Bars(IEnumerable<string> categories, IEnumerable<double> values, string? label = null, IEnumerable<double>? errors = null)
        => Bars(categories).Add(values, label, errors);

    /// <summary>Vertical reference line at x (e.g. a theoretical critical value) with a label.</summary>
    public VLine VLine(double x, string? label = null, Color? color = null, LineStyle style = LineStyle.Dashed)
        => Add(new VLine(x, label) { Color = color ?? Color.Grey, Style = style });

    /// <summary>Horizontal reference line at y with a label.</summary>
    public HLine HLine(double y, string? label = null, Color? color = null, LineStyle style = LineStyle.Dashed)
        => Add(new HLine(y, label) { Color = color ?? Color.Grey, Style = style });

    /// <summary>Shaded region x0..x1 over the full height (±Inf reach the edge), labelled at the top.</summary>
    public XRegion ShadeX(double x0, double x1, string? label = null, Color? color = null, double opacity = 0.12)
        => Add(new XRegion(x0, x1, label, color ?? Color.Grey) { Opacity = opacity });

    /// <summary>Text at a data point (pixel offset; anchor "start", "middle" or "end").</summary>
    public TextLabel Text(double x, double y, string text, string anchor = "start", bool dot = false)
        => Add(new TextLabel(x, y, text) { Anchor = anchor, Dot = dot });
}

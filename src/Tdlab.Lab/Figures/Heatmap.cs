namespace Tdlab.Lab.Figures;

/// <summary>
/// Colour-coded grid: cell (i, j) centred at (Xs[j], Ys[i]) shows Values[i, j] in viridis, linear or
/// log10 colour scale, with a colour bar beside the panel. Cells that cannot be coloured (NaN, Inf,
/// &lt;= 0 on a log colour scale: e.g. diverged runs) are drawn hatched grey and keyed under the bar.
/// </summary>
public sealed partial class Heatmap : IPlottable
{
    internal const string HatchId = "hatch";

    /// <summary>Creates a heatmap; values has shape (ys.Count, xs.Count).</summary>
    public Heatmap(IEnumerable<double> xs, IEnumerable<double> ys, double[,] values, string? colorLabel = null)
    {
        Xs = xs.ToArray(); Ys = ys.ToArray(); Values = values; ColorLabel = colorLabel;
        if (values.GetLength(0) != Ys.Length || values.GetLength(1) != Xs.Length)
            throw new ArgumentException($"Heatmap '{colorLabel}': values are ({values.GetLength(0)}, {values.GetLength(1)}) but (ys, xs) = ({Ys.Length}, {Xs.Length}).");
        if (Xs.Length == 0 || Ys.Length == 0) throw new ArgumentException($"Heatmap '{colorLabel}': empty grid.");
    }

    /// <summary>Column centres.</summary>
    public double[] Xs { get; }

    /// <summary>Row centres.</summary>
    public double[] Ys { get; }

    /// <summary>Cell values, shape (Ys.Length, Xs.Length).</summary>
    public double[,] Values { get; }

    /// <summary>Colour bar title.</summary>
    public string? ColorLabel { get; set; }

    /// <summary>Colour by log10(value).</summary>
    public bool LogColor { get; set; }

    /// <summary>Explicit colour range low end (null: smallest usable value).</summary>
    public double? ColorMin { get; set; }

    /// <summary>Explicit colour range high end (null: largest usable value).</summary>
    public double? ColorMax { get; set; }

    /// <summary>Print each cell's value (3 significant digits) in the cell.</summary>
    public bool ShowValues { get; set; }

    /// <summary>Draw the colour bar.</summary>
    public bool ShowColorBar { get; set; } = true;

    /// <summary>Key text for hatched cells.</summary>
    public string NanLabel { get; set; } = "NaN";

    /// <summary>True when some cell cannot be coloured.</summary>
    public bool HasMissing
    {
        get
        {
            foreach (double v in Values) if (!CanColor(v)) return true;
            return false;
        }
    }

    /// <summary>Colour range (lo, hi) used for the cells.</summary>
    public (double Lo, double Hi) ColorRange()
    {
        double lo = double.NaN, hi = double.NaN;
        foreach (double v in Values)
            if (CanColor(v)) { lo = AxisLimits.MinN(lo, v); hi = AxisLimits.MaxN(hi, v); }
        if (double.IsNaN(lo)) (lo, hi) = LogColor ? (1.0, 10.0) : (0.0, 1.0);
        lo = ColorMin ?? lo; hi = ColorMax ?? hi;
        if (!(hi > lo)) (lo, hi) = LogColor ? (lo / 2, lo * 2) : (lo - 0.5, lo + 0.5);
        return (lo, hi);
    }

    /// <summary>Viridis colour of a value, or null when it cannot be coloured.</summary>
    public Color? ColorOf(double v)
    {
        if (!CanColor(v)) return null;
        var (lo, hi) = ColorRange();
        double t = LogColor ? Math.Log10(v / lo) / Math.Log10(hi / lo) : (v - lo) / (hi - lo);
        return Colormap.Viridis(t);
    }

    /// <summary>Cell edges from centres: midpoints (geometric on log axes), ends extended by half a step.</summary>
    public static double[] CellEdges(IReadOnlyList<double> centres, bool log)
    {
        int n = centres.Count;
        var f = centres.Select(c => log ? Math.Log10(c) : c).ToArray();
        var e = new double[n + 1];
        if (n == 1) { e[0] = f[0] - 0.5; e[1] = f[0] + 0.5; }
        else
        {
            for (int i = 1; i < n; i++) e[i] = (f[i - 1] + f[i]) / 2;
            e[0] = f[0] - (f[1] - f[0]) / 2;
            e[n] = f[n - 1] + (f[n - 1] - f[n - 2]) / 2;
        }
        return log ? e.Select(v => Math.Pow(10, v)).ToArray() : e;
    }

    /// <inheritdoc/>
    public AxisLimits Limits(AxisScale xScale, AxisScale yScale)
    {
        var (x0, x1) = AxisLimits.Range(CellEdges(Xs, xScale == AxisScale.Log10), xScale);
        var (y0, y1) = AxisLimits.Range(CellEdges(Ys, yScale == AxisScale.Log10), yScale);
        return new(x0, x1, y0, y1, StickyEdges.All);
    }

    /// <inheritdoc/>
    public int Layer => -3;

    /// <inheritdoc/>
    public IReadOnlyList<LegendEntry> Legend => [];

    private bool CanColor(double v) => double.IsFinite(v) && (!LogColor || v > 0);
}

namespace Tdlab.Lab.Figures;

/// <summary>
/// One axis of a panel: scale, label, optional explicit limits, optional fixed ticks (categories).
/// Limits left null are chosen from the data with a little padding.
/// </summary>
public sealed class Axis
{
    /// <summary>Fraction of the data span added on each non-sticky side by auto limits.</summary>
    public const double Padding = 0.04;

    /// <summary>Axis title; may hold ^{sup} and _{sub}.</summary>
    public string? Label { get; set; }

    /// <summary>Linear or log10.</summary>
    public AxisScale Scale { get; set; }

    /// <summary>Explicit lower limit, or null for auto.</summary>
    public double? Min { get; set; }

    /// <summary>Explicit upper limit, or null for auto.</summary>
    public double? Max { get; set; }

    /// <summary>Fixed ticks replacing the generated ones (bar categories), or null.</summary>
    public IReadOnlyList<Tick>? CustomTicks { get; set; }

    /// <summary>True for a log10 axis.</summary>
    public bool IsLog => Scale == AxisScale.Log10;

    /// <summary>Creates an axis.</summary>
    public Axis(string? label = null, AxisScale scale = AxisScale.Linear) { Label = label; Scale = scale; }

    /// <summary>Sets explicit limits (null keeps that side automatic). Returns this axis.</summary>
    public Axis SetLimits(double? min, double? max)
    {
        if (min is double a && max is double b && !(a < b))
            throw new ArgumentException($"Axis.SetLimits: min {a} must be below max {b}.");
        if (IsLog && (min <= 0 || max <= 0))
            throw new ArgumentException($"Axis.SetLimits: log10 axis '{Label}' needs positive limits, got [{min}, {max}].");
        Min = min; Max = max; return this;
    }

    /// <summary>Labels integer positions 0..n-1 with category names (bar charts, heatmap cells).</summary>
    public Axis SetCategories(IReadOnlyList<string> names)
    {
        CustomTicks = names.Select((n, i) => new Tick(i, n)).ToArray();
        return this;
    }

    /// <summary>True when <paramref name="v"/> has a position on <paramref name="scale"/>.</summary>
    public static bool CanShow(double v, AxisScale scale) => double.IsFinite(v) && (scale != AxisScale.Log10 || v > 0);

    /// <summary>
    /// Final limits from data limits: explicit sides win; otherwise pad by <see cref="Padding"/> of the
    /// span (in log10 space on log axes) except on sticky sides. Empty data gives [0, 1] or [1, 10].
    /// </summary>
    public (double Lo, double Hi) Resolve(double dataMin, double dataMax, bool stickyMin = false, bool stickyMax = false)
    {
        bool log = IsLog;
        if (double.IsNaN(dataMin) || double.IsNaN(dataMax))
        {
            (dataMin, dataMax) = log ? (1.0, 10.0) : (0.0, 1.0);
            stickyMin = stickyMax = true;
        }
        if (Min is double m) { dataMin = m; stickyMin = true; }
        if (Max is double M) { dataMax = M; stickyMax = true; }
        double f0 = log ? Math.Log10(dataMin) : dataMin, f1 = log ? Math.Log10(dataMax) : dataMax;
        if (f1 < f0) (f0, f1) = (f1, f0);
        double span = f1 - f0;
        if (span == 0)
        {
            double half = log ? 0.5 : Math.Max(Math.Abs(f0) * 0.1, 0.5);
            if (!stickyMin || stickyMax) f0 -= half;
            if (!stickyMax || stickyMin) f1 += half;
            if (f0 == f1) { f0 -= half; f1 += half; }
        }
        else
        {
            if (!stickyMin) f0 -= Padding * span;
            if (!stickyMax) f1 += Padding * span;
        }
        // keep the range finite and invertible even for data near the ends of double (1e300 losses)
        double limit = log ? 307 : 1e307;
        f0 = Math.Clamp(f0, -limit, limit * 0.999);
        f1 = Math.Clamp(f1, f0 + Math.Max(Math.Abs(f0) * 1e-9, 1e-300), limit);
        return log ? (Math.Pow(10, f0), Math.Pow(10, f1)) : (f0, f1);
    }

    /// <summary>
    /// Ticks for [lo, hi] along <paramref name="pixels"/> of axis: the densest nice set whose labels
    /// (font <paramref name="fontSize"/>) keep a gap between neighbours: 10 px horizontally, 0.6 em vertically.
    /// </summary>
    public IReadOnlyList<Tick> ChooseTicks(double lo, double hi, double pixels, bool horizontal, double fontSize = 11)
    {
        if (CustomTicks is { } fixedTicks) return fixedTicks.Where(t => t.Value >= lo - 1e-9 && t.Value <= hi + 1e-9).ToArray();
        var tr = new AxisTransform(lo, hi, 0, pixels, Scale);
        for (int target = Math.Clamp((int)(pixels / (horizontal ? 60 : 45)), 2, 10); ; target--)
        {
            var ticks = IsLog ? Ticks.Log10(lo, hi, target) : Ticks.Linear(lo, hi, target);
            if (target <= 2 || Fits(ticks)) return ticks;
        }

        bool Fits(IReadOnlyList<Tick> ticks)
        {
            double prevPos = double.NaN, prevHalf = 0;
            foreach (var t in ticks)
            {
                if (t.Label.Length == 0) continue;
                double pos = tr.ToPixel(t.Value);
                double half = horizontal ? SvgWriter.TextWidth(t.Label, fontSize) / 2 : fontSize / 2;
                if (!double.IsNaN(prevPos) && Math.Abs(pos - prevPos) < prevHalf + half + (horizontal ? 10 : 0.6 * fontSize)) return false;
                (prevPos, prevHalf) = (pos, half);
            }
            return true;
        }
    }
}

namespace Tdlab.Lab.Figures;

/// <summary>
/// A data rectangle [XMin, XMax] x [YMin, YMax]. NaN on a side means "no data"; <see cref="Sticky"/>
/// names sides that auto limits keep exactly instead of padding.
/// </summary>
public readonly record struct AxisLimits(double XMin, double XMax, double YMin, double YMax,
    StickyEdges Sticky = StickyEdges.None)
{
    /// <summary>No data on either axis.</summary>
    public static AxisLimits Empty => new(double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>True when the x range holds at least one value.</summary>
    public bool HasX => !double.IsNaN(XMin) && !double.IsNaN(XMax);

    /// <summary>True when the y range holds at least one value.</summary>
    public bool HasY => !double.IsNaN(YMin) && !double.IsNaN(YMax);

    /// <summary>Range of the points (xs[i], ys[i]) that both scales can show.</summary>
    public static AxisLimits Of(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, AxisScale xScale, AxisScale yScale)
    {
        if (xs.Length != ys.Length)
            throw new ArgumentException($"AxisLimits.Of: xs has {xs.Length} values but ys has {ys.Length}.");
        double x0 = double.NaN, x1 = double.NaN, y0 = double.NaN, y1 = double.NaN;
        for (int i = 0; i < xs.Length; i++)
        {
            if (!Axis.CanShow(xs[i], xScale) || !Axis.CanShow(ys[i], yScale)) continue;
            x0 = MinN(x0, xs[i]); x1 = MaxN(x1, xs[i]);
            y0 = MinN(y0, ys[i]); y1 = MaxN(y1, ys[i]);
        }
        return new(x0, x1, y0, y1);
    }

    /// <summary>Range of the values a scale can show, as (min, max); NaN when none.</summary>
    public static (double Min, double Max) Range(ReadOnlySpan<double> values, AxisScale scale)
    {
        double lo = double.NaN, hi = double.NaN;
        foreach (double v in values)
            if (Axis.CanShow(v, scale)) { lo = MinN(lo, v); hi = MaxN(hi, v); }
        return (lo, hi);
    }

    /// <summary>Smallest rectangle holding both; a side stays sticky when the side that wins is sticky.</summary>
    public AxisLimits Union(AxisLimits o)
    {
        var sticky = StickyEdges.None;
        sticky |= Side(XMin, o.XMin, Sticky, o.Sticky, StickyEdges.XMin, lower: true);
        sticky |= Side(XMax, o.XMax, Sticky, o.Sticky, StickyEdges.XMax, lower: false);
        sticky |= Side(YMin, o.YMin, Sticky, o.Sticky, StickyEdges.YMin, lower: true);
        sticky |= Side(YMax, o.YMax, Sticky, o.Sticky, StickyEdges.YMax, lower: false);
        return new(MinN(XMin, o.XMin), MaxN(XMax, o.XMax), MinN(YMin, o.YMin), MaxN(YMax, o.YMax), sticky);
    }

    private static StickyEdges Side(double a, double b, StickyEdges sa, StickyEdges sb, StickyEdges edge, bool lower)
    {
        bool aSticky = (sa & edge) != 0, bSticky = (sb & edge) != 0;
        if (double.IsNaN(a)) return bSticky ? edge : StickyEdges.None;
        if (double.IsNaN(b) || a == b) return aSticky || (bSticky && !double.IsNaN(b)) ? edge : StickyEdges.None;
        bool aWins = lower ? a < b : a > b;
        return (aWins ? aSticky : bSticky) ? edge : StickyEdges.None;
    }

    internal static double MinN(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);
    internal static double MaxN(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);
}

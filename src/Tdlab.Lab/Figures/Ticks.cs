using System.Globalization;

namespace Tdlab.Lab.Figures;

/// <summary>
/// Tick generation. Linear: "nice" steps 1, 2, 5 x 10^k. Log10: one labelled tick per decade
/// (every k-th decade when crowded) written 10^{k}, minor ticks at 2..9 x 10^k.
/// Labels use ^{..} for superscripts and U+2212 for minus.
/// </summary>
public static class Ticks
{
    private const char Minus = '\u2212';
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Smallest step of the form {1, 2, 5} x 10^k that is >= <paramref name="rawStep"/>.</summary>
    public static double NiceStep(double rawStep)
    {
        if (!(rawStep > 0) || !double.IsFinite(rawStep))
            throw new ArgumentOutOfRangeException(nameof(rawStep), rawStep, "Ticks.NiceStep needs a positive finite step.");
        double p = Math.Pow(10, Math.Floor(Math.Log10(rawStep)));
        double m = rawStep / p;
        double nice = m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10;
        return nice * p;
    }

    /// <summary>The nice step (1, 2, 5 x 10^k) whose interval count span / step is closest to
    /// <paramref name="target"/>, preferring the denser one on ties.</summary>
    public static double StepForCount(double span, int target)
    {
        double up = NiceStep(span / target);
        double mantissa = Math.Round(up / Math.Pow(10, Math.Floor(Math.Log10(up) + 1e-9)));
        double down = up * (mantissa == 5 ? 0.4 : 0.5); // the nice step just below: 5 -> 2, 2 -> 1, 1 -> 0.5
        return Math.Abs(span / down - target) <= Math.Abs(span / up - target) ? down : up;
    }

    /// <summary>Ticks at multiples of a nice step inside [lo, hi], about <paramref name="target"/> intervals.</summary>
    public static IReadOnlyList<Tick> Linear(double lo, double hi, int target = 6)
    {
        if (!(hi > lo)) throw new ArgumentException($"Ticks.Linear: need lo < hi, got [{lo}, {hi}].");
        double step = StepForCount(hi - lo, Math.Max(target, 1));
        double magnitude = Math.Max(Math.Abs(lo), Math.Abs(hi));
        var ticks = new List<Tick>();
        for (long k = (long)Math.Ceiling(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++)
        {
            double v = k * step;
            ticks.Add(new Tick(v, FormatLinear(v, step, magnitude)));
        }
        return ticks;
    }

    /// <summary>Label for a linear tick at <paramref name="v"/> given the step and the axis magnitude;
    /// switches to m x 10^{e} when the axis magnitude is >= 1e5 or below 1e-3.</summary>
    public static string FormatLinear(double v, double step, double magnitude)
    {
        if (Math.Abs(v) < step * 1e-9) return "0";
        int stepExp = (int)Math.Floor(Math.Log10(step) + 1e-9);
        if (magnitude >= 1e5 || magnitude < 1e-3)
        {
            int e = (int)Math.Floor(Math.Log10(Math.Abs(v)) + 1e-9);
            double m = v / Math.Pow(10, e);
            int dec = Math.Clamp(e - stepExp, 0, 3);
            return Signed(m.ToString("F" + dec, Inv)) + "\u00D710^{" + Signed(e.ToString(Inv)) + "}";
        }
        return Signed(v.ToString("F" + Math.Max(0, -stepExp), Inv));
    }

    /// <summary>Label 10^{k} for a decade.</summary>
    public static string FormatPow10(int k) => "10^{" + Signed(k.ToString(Inv)) + "}";

    /// <summary>Short plain label for a value on a log axis spanning less than two decades.</summary>
    public static string FormatPlain(double v)
    {
        double a = Math.Abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e4))
        {
            int e = (int)Math.Floor(Math.Log10(a) + 1e-9);
            double m = v / Math.Pow(10, e);
            return Signed(m.ToString("0.##", Inv)) + "\u00D710^{" + Signed(e.ToString(Inv)) + "}";
        }
        return Signed(v.ToString("0.####", Inv));
    }

    /// <summary>
    /// Log10 ticks over [lo, hi] (both > 0). With two or more decades inside: a labelled tick every
    /// NiceStep(ceil(decades / maxLabels)) decades, unlabelled ticks at the other decades and, when every decade
    /// is labelled, minor ticks at 2..9 x 10^k. With fewer: plain labels at 1, 2, 5 x 10^k.
    /// </summary>
    public static IReadOnlyList<Tick> Log10(double lo, double hi, int maxLabels = 8)
    {
        if (!(lo > 0) || !(hi > lo) || !double.IsFinite(hi))
            throw new ArgumentException($"Ticks.Log10: need 0 < lo < hi, got [{lo}, {hi}].");
        double l0 = Math.Log10(lo), l1 = Math.Log10(hi);
        int kmin = (int)Math.Ceiling(l0 - 1e-9), kmax = (int)Math.Floor(l1 + 1e-9);
        int decades = kmax - kmin + 1;
        var ticks = new List<Tick>();
        bool Inside(double v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
        if (decades >= 2)
        {
            // label every stride-th decade, stride from 1, 2, 5, 10, 20, 50, ...
            int stride = (int)NiceStep(Math.Ceiling(decades / (double)Math.Max(maxLabels, 1)));
            for (int k = kmin; k <= kmax; k++)
            {
                bool labelled = ((k % stride) + stride) % stride == 0;
                ticks.Add(new Tick(Math.Pow(10, k), labelled ? FormatPow10(k) : "", labelled));
            }
            if (stride == 1 && decades <= 12)
                for (int k = kmin - 1; k <= kmax; k++)
                    for (int m = 2; m <= 9; m++)
                    {
                        double v = m * Math.Pow(10, k);
                        if (Inside(v)) ticks.Add(new Tick(v, "", false));
                    }
        }
        else
        {
            int[] labelledMantissas = CountInside([1, 2, 5]) >= 2 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
            for (int k = (int)Math.Floor(l0) ; k <= (int)Math.Ceiling(l1); k++)
                for (int m = 1; m <= 9; m++)
                {
                    double v = m * Math.Pow(10, k);
                    if (!Inside(v)) continue;
                    bool labelled = labelledMantissas.Contains(m);
                    ticks.Add(new Tick(v, labelled ? FormatPlain(v) : "", labelled));
                }
        }
        ticks.Sort((a, b) => a.Value.CompareTo(b.Value));
        return ticks;

        int CountInside(int[] mantissas)
        {
            int n = 0;
            for (int k = (int)Math.Floor(l0); k <= (int)Math.Ceiling(l1); k++)
                foreach (int m in mantissas) if (Inside(m * Math.Pow(10, k))) n++;
            return n;
        }
    }

    private static string Signed(string s) => s.Replace('-', Minus);
}

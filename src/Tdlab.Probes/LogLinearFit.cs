namespace Tdlab.Probes;

/// <summary>
/// Ordinary least squares y = a + b t on (t_i, y_i) with y = log n: <see cref="Slope"/> b = cov(t, y) / var(t),
/// <see cref="Intercept"/> a = mean y - b mean t, <see cref="RSquared"/> = 1 - SS_res / SS_tot (1 for an exactly
/// geometric sequence; NaN when y is constant, where there is nothing to explain). <see cref="Points"/> of
/// <see cref="Requested"/> entries were usable; the others were zero or not finite.
/// </summary>
public sealed record LogLinearFit(double Slope, double Intercept, double RSquared, int Points, int Requested)
{
    /// <summary>Per-step factor exp(b) of the fitted geometric sequence.</summary>
    public double Factor => Math.Exp(Slope);

    public static LogLinearFit Of(IReadOnlyList<double> t, IReadOnlyList<double> y, int requested)
    {
        int n = t.Count;
        if (n < 2) return new LogLinearFit(double.NaN, double.NaN, double.NaN, n, requested);
        double mt = t.Average(), my = y.Average(), stt = 0, sty = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            stt += (t[i] - mt) * (t[i] - mt);
            sty += (t[i] - mt) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }

        double b = sty / stt, a = my - b * mt, res = 0;
        for (int i = 0; i < n; i++) res += Math.Pow(y[i] - a - b * t[i], 2);
        double r2 = syy > 0 ? 1 - res / syy : double.NaN;
        return new LogLinearFit(b, a, r2, n, requested);
    }
}

namespace Tdlab.Experiments.Common;

/// <summary>Least-squares straight lines: y = a + s x, and log y = c + p log x through points with x, y &gt; 0 (a power law y ~ x^p).</summary>
public static class PowerLawFit
{
    /// <summary>The exponent p and prefactor e^c; NaN when fewer than two usable points remain.</summary>
    public static (double Exponent, double Prefactor) Fit(IEnumerable<(double X, double Y)> points)
    {
        var line = Line(points.Where(q => q.X > 0 && q.Y > 0).Select(q => (Math.Log(q.X), Math.Log(q.Y))));
        return (line.Slope, Math.Exp(line.Intercept));
    }

    /// <summary>
    /// Ordinary least squares y = a + s x over the finite points: s = S_xy / S_xx, a = mean(y) - s mean(x),
    /// R^2 = S_xy^2 / (S_xx S_yy). NaN when fewer than two distinct x remain (R^2 NaN also when y is constant).
    /// </summary>
    public static (double Slope, double Intercept, double RSquared) Line(IEnumerable<(double X, double Y)> points)
    {
        var p = points.Where(q => double.IsFinite(q.X) && double.IsFinite(q.Y)).ToList();
        if (p.Select(q => q.X).Distinct().Count() < 2) return (double.NaN, double.NaN, double.NaN);
        double mx = p.Average(q => q.X), my = p.Average(q => q.Y);
        double sxy = p.Sum(q => (q.X - mx) * (q.Y - my)), sxx = p.Sum(q => (q.X - mx) * (q.X - mx)), syy = p.Sum(q => (q.Y - my) * (q.Y - my));
        double slope = sxy / sxx;
        return (slope, my - slope * mx, syy > 0 ? sxy * sxy / (sxx * syy) : double.NaN);
    }
}

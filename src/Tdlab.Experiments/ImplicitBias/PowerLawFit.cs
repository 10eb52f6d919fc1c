namespace Tdlab.Experiments.ImplicitBias;

/// <summary>Least-squares straight line log y = c + p log x through points with x, y &gt; 0 (a power law y ~ x^p).</summary>
internal static class PowerLawFit
{
    /// <summary>The exponent p and prefactor e^c; NaN when fewer than two usable points remain.</summary>
    public static (double Exponent, double Prefactor) Fit(IEnumerable<(double X, double Y)> points)
    {
        var p = points.Where(q => q.X > 0 && q.Y > 0 && double.IsFinite(q.X) && double.IsFinite(q.Y))
            .Select(q => (X: Math.Log(q.X), Y: Math.Log(q.Y))).ToList();
        if (p.Select(q => q.X).Distinct().Count() < 2) return (double.NaN, double.NaN);
        double mx = p.Average(q => q.X), my = p.Average(q => q.Y);
        double sxy = p.Sum(q => (q.X - mx) * (q.Y - my)), sxx = p.Sum(q => (q.X - mx) * (q.X - mx));
        double slope = sxy / sxx;
        return (slope, Math.Exp(my - slope * mx));
    }
}

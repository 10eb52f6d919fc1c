namespace Tdlab.Experiments.DataParallel;

/// <summary>
/// The steps-vs-batch-size curve of McCandlish et al. (2018, eq. 2.11) and Shallue et al. (2019):
/// S(B) = S_min (1 + B_crit / B): perfect scaling (S proportional to 1/B) for B much below B_crit, no gain above it;
/// B_crit is the knee. Fitted by least squares in log S: for a given B_crit the best log S_min is the mean of
/// log S_B - log(1 + B_crit / B), and B_crit is found by golden-section search on log B_crit over
/// [B_min / 1000, 1000 B_max].
/// </summary>
public static class CriticalBatch
{
    public static (double CriticalBatch, double MinSteps, double RmsLogResidual) Fit(IReadOnlyList<(double Batch, double Steps)> points)
    {
        var p = points.Where(q => q.Batch > 0 && q.Steps > 0 && double.IsFinite(q.Steps)).ToList();
        if (p.Select(q => q.Batch).Distinct().Count() < 2) return (double.NaN, double.NaN, double.NaN);
        double Residual(double logCrit, out double logMin)
        {
            double crit = Math.Exp(logCrit);
            double m = p.Average(q => Math.Log(q.Steps) - Math.Log(1 + crit / q.Batch));
            logMin = m;
            return p.Sum(q => Math.Pow(Math.Log(q.Steps) - m - Math.Log(1 + crit / q.Batch), 2));
        }

        double lo = Math.Log(p.Min(q => q.Batch) / 1000), hi = Math.Log(p.Max(q => q.Batch) * 1000);
        double golden = (Math.Sqrt(5) - 1) / 2;
        for (int k = 0; k < 200; k++)
        {
            double a = hi - golden * (hi - lo), b = lo + golden * (hi - lo);
            if (Residual(a, out _) <= Residual(b, out _)) hi = b;
            else lo = a;
        }

        double best = (lo + hi) / 2;
        double rss = Residual(best, out double logMinSteps);
        return (Math.Exp(best), Math.Exp(logMinSteps), Math.Sqrt(rss / p.Count));
    }

    /// <summary>S(B) of the fitted curve.</summary>
    public static double Steps(double batch, double criticalBatch, double minSteps) => minSteps * (1 + criticalBatch / batch);
}

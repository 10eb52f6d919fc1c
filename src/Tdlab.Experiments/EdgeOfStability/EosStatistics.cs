namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// The per-run statistics of the claims, pure functions of stored series (step, value), so planted series can test them.
/// A run "reaches the edge" at the first tracked step where lambda &gt;= <see cref="ReachFraction"/> * threshold; its
/// "edge phase" is the steps from there to the end, and its "settled edge phase" that phase without its first
/// <see cref="SettleFraction"/> (the first catapult's transient).
/// </summary>
public static class EosStatistics
{
    public const double ReachFraction = 0.9;

    public const double SettleFraction = 0.2;

    /// <summary>The first step with lambda &gt;= ReachFraction * threshold, or null.</summary>
    public static int? ReachStep(IReadOnlyList<(int Step, double Value)> sharpness, double threshold)
    {
        foreach (var (step, value) in sharpness)
            if (value >= ReachFraction * threshold) return step;
        return null;
    }

    /// <summary>Progressive sharpening: lambda at the reach step (or at the end if never reached) over lambda at step 0.</summary>
    public static double Sharpening(IReadOnlyList<(int Step, double Value)> sharpness, double threshold)
    {
        if (sharpness.Count == 0) return double.NaN;
        int? reach = ReachStep(sharpness, threshold);
        double at = reach is int r ? sharpness.First(p => p.Step == r).Value : sharpness[^1].Value;
        return at / sharpness[0].Value;
    }

    /// <summary>
    /// Hovering: the median of lambda / threshold over the tracked steps of the settled edge phase; lambda(end) / threshold when
    /// the run never reaches the edge (then below ReachFraction, and the band claim fails as it should).
    /// </summary>
    public static double Hover(IReadOnlyList<(int Step, double Value)> sharpness, double threshold)
    {
        if (sharpness.Count == 0) return double.NaN;
        int? reach = ReachStep(sharpness, threshold);
        if (reach is not int r) return sharpness[^1].Value / threshold;
        int end = sharpness[^1].Step;
        double from = r + SettleFraction * (end - r);
        var settled = sharpness.Where(p => p.Step >= from).Select(p => p.Value / threshold).Order().ToArray();
        return settled.Length == 0 ? double.NaN : Median(settled);
    }

    /// <summary>Loss at the end over loss at the reach step (NaN when the edge is never reached).</summary>
    public static double LossRatio(IReadOnlyList<(int Step, double Value)> loss, int? reach)
    {
        if (reach is not int r || loss.Count == 0) return double.NaN;
        var at = loss.FirstOrDefault(p => p.Step >= r);
        return loss[^1].Value / at.Value;
    }

    /// <summary>The fraction of consecutive logged steps in the edge phase at which the loss goes up (NaN when never reached).</summary>
    public static double IncreaseFraction(IReadOnlyList<(int Step, double Value)> loss, int? reach)
    {
        if (reach is not int r) return double.NaN;
        var phase = loss.Where(p => p.Step >= r).ToArray();
        if (phase.Length < 2) return double.NaN;
        int up = 0;
        for (int i = 1; i < phase.Length; i++)
            if (phase[i].Value > phase[i - 1].Value) up++;
        return (double)up / (phase.Length - 1);
    }

    /// <summary>The fraction of all consecutive logged steps at which the loss goes up.</summary>
    public static double IncreaseFraction(IReadOnlyList<(int Step, double Value)> loss) =>
        loss.Count == 0 ? double.NaN : IncreaseFraction(loss, loss[0].Step);

    /// <summary>Gradient flow's largest sharpness over a threshold 2/eta.</summary>
    public static double FlowPeak(IReadOnlyList<(int Step, double Value)> flowSharpness, double threshold) =>
        flowSharpness.Count == 0 ? double.NaN : flowSharpness.Max(p => p.Value) / threshold;

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}

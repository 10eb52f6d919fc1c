namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// The success threshold of seed 003's bimodal final loss, by a rule fixed before any claim was computed: pool the
/// relative validation losses r = MSE / Var(y) of the runs given, keep log10 r in [<see cref="LowestDecade"/>,
/// <see cref="HighestDecade"/>], sort, and put the threshold at the midpoint (in log10) of the widest gap between
/// consecutive values. A run succeeds when r &lt; threshold. <see cref="GapDecades"/> says how clearly the losses separate.
/// </summary>
public sealed record SuccessThreshold(double Relative, double GapDecades, int Pooled)
{
    /// <summary>log10 r below which values are not considered (rounding-level fits).</summary>
    public const double LowestDecade = -8;

    /// <summary>log10 r above which values are not considered (r = 2: twice the loss of predicting the mean).</summary>
    public const double HighestDecade = 0.30103;

    /// <summary>The threshold from pooled relative losses; NaN with fewer than two usable values.</summary>
    public static SuccessThreshold From(IEnumerable<double> relativeLosses)
    {
        var logs = relativeLosses.Where(r => r > 0 && double.IsFinite(r)).Select(Math.Log10)
            .Where(v => v is >= LowestDecade and <= HighestDecade).Order().ToArray();
        if (logs.Length < 2) return new SuccessThreshold(double.NaN, double.NaN, logs.Length);
        int best = 0;
        for (int i = 1; i < logs.Length - 1; i++)
            if (logs[i + 1] - logs[i] > logs[best + 1] - logs[best]) best = i;
        return new SuccessThreshold(Math.Pow(10, (logs[best] + logs[best + 1]) / 2), logs[best + 1] - logs[best], logs.Length);
    }

    /// <summary>Whether a run with relative validation loss <paramref name="relative"/> succeeded (a non-finite loss never does).</summary>
    public bool Succeeds(double relative) => relative < Relative;
}

using Tdlab.Lab.Claims;
using static Tdlab.Experiments.DataParallel.DataParallelMetrics;

namespace Tdlab.Experiments.DataParallel;

/// <summary>The claims, written before the runs: the knee of steps vs batch size near the noise scale; perfect then diminishing scaling.</summary>
public sealed partial class DataParallelExperiment
{
    private static readonly SeedStatement Topic = new("seed 000", "Things to try, 19", "Training speed with multiple machines");

    /// <summary>Factor within which the knee must lie of the noise scale; McCandlish et al. predict B_crit ≈ B_noise, and B_simple approximates B_noise.</summary>
    public const double KneeFactor = 5;

    public static readonly ClaimSpec KneeNearNoiseScale = new("knee-near-noise-scale",
        $"the knee B_crit of the steps-to-target curve S(B) = S_min (1 + B_crit / B) lies within a factor {KneeFactor:0} of the gradient noise " +
        "scale B_simple measured at the target loss (McCandlish et al. 2018: B_crit ≈ B_noise)",
        Topic, "log10(B_crit / B_simple) per seed (a factor is symmetric on a log scale): B_crit fitted to the best steps to target per batch " +
        "size, B_simple the median over the seed's runs at the step each reached the target",
        Rule.Within(-Math.Log10(KneeFactor), Math.Log10(KneeFactor)));

    public static readonly ClaimSpec ScalingRegimes = new("perfect-then-diminishing",
        "steps to target fall almost in proportion to 1/B between the two smallest batch sizes (log-log slope below −1/2) and by less than " +
        "that between the two largest (slope above −1/2): perfect scaling below the knee, diminishing returns above (Shallue et al. 2019)",
        Topic, "per seed: slope + 1/2 between the two smallest batch sizes, and −(slope + 1/2) between the two largest (both below 0 for the claim)",
        Rule.Below(0));

    public override IEnumerable<Claim> Claims(Results<DataParallelRun> results)
    {
        var seeds = results.ByReplicate.Select(g => Summary.Of(g.ToList())).ToList();
        var logRatios = seeds.Select(KneeLogRatio).ToList();
        yield return results.Claim(KneeNearNoiseScale, KneeEvidence(seeds),
            $"B_crit / B_simple {string.Join(", ", logRatios.Select(v => Claim.Format(Math.Pow(10, v))))}; B_crit {string.Join(", ", seeds.Select(s => Claim.Format(s.CriticalBatch)))}; B_simple {string.Join(", ", seeds.Select(s => Claim.Format(s.NoiseScale)))} (per seed)");
        var excess = seeds.Select(ScalingExcess).ToList();
        string detail = $"slopes at the small end {string.Join(", ", excess.Select(v => Claim.Format(v.Small - 0.5)))}, at the large end {string.Join(", ", excess.Select(v => Claim.Format(-v.Large - 0.5)))}";
        var unreached = UnreachedEnds(seeds);
        if (unreached.Count > 0)
            yield return results.NotMeasured(ScalingRegimes,
                $"{string.Join("; ", unreached)}: a batch size whose best run never reached the target makes that seed's slope infinite " +
                $"(at the small end against perfect scaling, at the large end for diminishing returns); a t interval cannot take an " +
                $"infinite replicate and none is dropped, so the claim is left undecided; {detail}");
        else
            yield return results.ClaimAll(ScalingRegimes, ScalingEvidence(seeds), detail);
    }

    /// <summary>knee-near-noise-scale's statistic for one seed: log10(B_crit / B_simple).</summary>
    internal static double KneeLogRatio(Summary s) => Math.Log10(s.CriticalBatch / s.NoiseScale);

    /// <summary>knee-near-noise-scale's evidence: the mean over seeds of <see cref="KneeLogRatio"/>.</summary>
    internal static Estimate KneeEvidence(IReadOnlyList<Summary> seeds) => Estimate.Mean(seeds.Select(KneeLogRatio));

    /// <summary>
    /// perfect-then-diminishing's statistics for one seed: slope + 1/2 between the two smallest batch sizes and −(slope + 1/2)
    /// between the two largest; both below 0 for the claim. A batch size that never reached the target counts against perfect
    /// scaling at the small end (+∞) and for diminishing returns at the large end (−∞).
    /// </summary>
    internal static (double Small, double Large) ScalingExcess(Summary s)
    {
        int n = s.Curve.Count;
        double small = s.Reached(0) && s.Reached(1) ? s.Slope(0, 1) + 0.5 : double.PositiveInfinity;
        double large = s.Reached(n - 2) && s.Reached(n - 1) ? -(s.Slope(n - 2, n - 1) + 0.5) : double.NegativeInfinity;
        return (small, large);
    }

    /// <summary>perfect-then-diminishing's evidence when every seed reached the target at the four end batch sizes.</summary>
    internal static List<(string Label, Estimate Evidence)> ScalingEvidence(IReadOnlyList<Summary> seeds)
    {
        var excess = seeds.Select(ScalingExcess).ToList();
        return [("two smallest B: slope + 1/2", Estimate.Mean(excess.Select(v => v.Small))), ("two largest B: −(slope + 1/2)", Estimate.Mean(excess.Select(v => v.Large)))];
    }

    /// <summary>"seed i: B = b never reached the target" for each seed and end batch size that did not; empty when all did.</summary>
    internal static List<string> UnreachedEnds(IReadOnlyList<Summary> seeds) =>
        seeds.SelectMany((s, i) => new[] { 0, 1, s.Curve.Count - 2, s.Curve.Count - 1 }.Distinct().Where(k => !s.Reached(k))
            .Select(k => $"seed {i}: B = {s.Curve[k].Batch} never reached the target")).ToList();

    public override IEnumerable<Check> Checks(Results<DataParallelRun> results)
    {
        var values = results.Done.SelectMany(r => r.Series(NoiseScale)).Select(p => p.Value).ToList();
        int bad = values.Count(v => !(v > 0 && double.IsFinite(v)));
        yield return results.Check("noise-scale-positive", "tr(Σ) and |G|² are sums of squares, so every measured B_simple is positive and finite",
            bad, "0", bad == 0, $"{values.Count} measurements");
    }

    /// <summary>One seed's best steps to target per batch size (infinity where no learning rate reached it), the fit, and its noise scale.</summary>
    internal sealed record Summary(List<(double Batch, double Steps)> Curve, double CriticalBatch, double MinSteps, double NoiseScale)
    {
        public static Summary Of(IReadOnlyList<RunView<DataParallelRun>> runs)
        {
            var curve = runs.GroupBy(r => r.Config.BatchSize).OrderBy(g => g.Key)
                .Select(g => ((double)g.Key, g.Select(StepsOf).Min())).ToList();
            var atTarget = runs.Where(r => r.Has(NoiseScaleAtTarget)).Select(r => r.Final(NoiseScaleAtTarget)).Order().ToList();
            double noise = atTarget.Count == 0 ? double.NaN : atTarget[atTarget.Count / 2];
            return FromCurve(curve, noise);
        }

        /// <summary>A seed from its curve of best steps per batch size (infinity: never reached) and its noise scale, the knee fitted.</summary>
        public static Summary FromCurve(List<(double Batch, double Steps)> curve, double noiseScale)
        {
            var (crit, min, _) = DataParallel.CriticalBatch.Fit(curve);
            return new Summary(curve, crit, min, noiseScale);
        }

        /// <summary>Whether the i-th batch size's best run reached the target.</summary>
        public bool Reached(int i) => double.IsFinite(Curve[i].Steps);

        /// <summary>Log-log slope of steps between the i-th and j-th batch sizes (NaN when either never reached the target).</summary>
        public double Slope(int i, int j) =>
            Math.Log(Curve[j].Steps / Curve[i].Steps) / Math.Log(Curve[j].Batch / Curve[i].Batch) is var s && double.IsFinite(s) ? s : double.NaN;
    }

    /// <summary>A run's steps to target; infinity when it did not reach it.</summary>
    internal static double StepsOf(RunView<DataParallelRun> r) => r.Has(StepsToTarget) ? r.Final(StepsToTarget) : double.PositiveInfinity;
}

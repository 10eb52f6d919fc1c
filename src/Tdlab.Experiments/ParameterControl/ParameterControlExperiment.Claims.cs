using Tdlab.Experiments.ThreeLayer;
using Tdlab.Lab.Claims;
using static Tdlab.Experiments.ParameterControl.ParameterControlMetrics;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>The seed's observations on parameter control, pre-registered as claims; success by the three-layer family's log-gap rule.</summary>
public sealed partial class ParameterControlExperiment
{
    private const string Seed = "seed 003";

    private static readonly SeedStatement H4 = new(Seed, "4.4.2 Initializing w to w_* (Fig. 4.10a)",
        "The success rate of initializing \\mathbf{w} to \\mathbf{w}_* is more or less identical to that of 1-D learning.");

    private static readonly SeedStatement H4Stays = new(Seed, "4.4.2 Initializing w to w_*",
        "The CosSim stays at 1 throughout, so only g_θ is being learnt, and this amounts to 1-D learning.");

    private static readonly SeedStatement H5 = new(Seed, "4.4.3 Fixing g to g^*",
        "In fact, by fixing g to g^* , the problem has become noticeably harder as even a frequency of 1 Hz does not succeed with a high probability while it used to succeed in the case of learning both g_θ and w");

    private static readonly SeedStatement H6 = new(Seed, "4.4.4 Initializing g to g^*",
        "While initializing g_θ to g^* certainly does not hurt like it did when fixing g_θ to g^* in Fig. 4.11, it also does not seem to offer much benefit compared to the standard random initialization case in Fig. 4.5.");

    private static readonly SeedStatement H7 = new(Seed, "4.5 Overparameterization",
        "The results of Fig. 4.14 seem to refute hypothesis 7. Not only does overparameterization not help, it significantly worsens the performance for the case of 0.5 Hz.");

    private static readonly SeedStatement Toy = new(Seed, "4.4.3, 2-D Example (Fig. 4.12)",
        "Notice that SGD initialized from $(-0.5, 0)$ can escape the saddle in the 2-D case, but gets stuck in the local minimum in the 1-D case.");

    public static readonly ClaimSpec WStarLikeOneD = new("h4-w-star-like-1d",
        "initialising w = w* and training everything succeeds like the 1-D learner: the two disagree on fewer than 20% of the seeds (H4 supported)",
        H4,
        "fraction of seeds whose success differs between the w = w* run and the 1-D learner (same data and g draws; each seed's fraction over " +
        "w-star-nus), Clopper-Pearson; a discordance below 0.2 bounds the success-rate difference by 0.2",
        Rule.Below(0.2));

    public static readonly ClaimSpec WStarStays = new("h4-w-stays-at-w-star",
        "with w initialised to w* and everything trained, |CosSim(w, w*)| stays >= 0.999 throughout training",
        H4Stays,
        "fraction of seeds all of whose w = w* runs (every w-star-nu) keep their smallest logged |CosSim| >= 0.999, Clopper-Pearson over seeds " +
        "(a seed's runs share its data and initialisation); claimed above 0.9",
        Rule.Above(0.9));

    public static readonly ClaimSpec FixedGWorse = new("h5-fixed-g-worse",
        "fixing g to g* and training only w succeeds less often than training both from the same w (H5 refuted)",
        H5,
        "sign test paired over seeds at control-nu (each seed's success fraction over the cone cosines): among seeds whose arms differ, the fraction " +
        "where training both did better (McNemar's exact test), Clopper-Pearson",
        Rule.Above(0.5));

    public static readonly ClaimSpec GInitNoDifference = new("h6-g-init-no-difference",
        "initialising g from a trained 1-D learner changes the outcome on fewer than a quarter of the seeds (no benefit or harm above 0.25 in success rate; H6 unclear)",
        H6,
        "fraction of seeds whose success differs between g from a trained 1-D learner and random g (same w draw, data and minibatch order; each seed's " +
        "fraction over the cone cosines), Clopper-Pearson; the direction of the discordant seeds is in the detail",
        Rule.Below(0.25));

    public static readonly ClaimSpec BottleneckNoGain = new("h7-bottleneck-does-not-help",
        "a wider bottleneck k > 1 does not raise the success rate (H7 refuted)",
        H7,
        "sign test paired over seeds (each seed's success fraction over bottleneck-nus): among seeds whose k = max(bottlenecks) and k = 1 runs differ, " +
        "the fraction where k > 1 did better, Clopper-Pearson; claimed below 1/2",
        Rule.Below(0.5));

    public static readonly ClaimSpec BottleneckHurtsAtHalf = new("h7-bottleneck-hurts-at-nu-0.5",
        "at nu = 0.5 a wider bottleneck lowers the success rate",
        H7,
        "sign test paired over seeds at nu = 0.5: among seeds whose k = 1 and k = max(bottlenecks) runs differ, the fraction where k = 1 did better, Clopper-Pearson",
        Rule.Above(0.5));

    public static readonly ClaimSpec ToyEscapes = new("toy-2d-reaches-global-minimum",
        "noisy gradient descent in 2-D from (-0.5, 0) reaches the global minimum in at least 95% of trajectories",
        Toy,
        "fraction of 2-D trajectories ending within 0.1 of (x*, 0), x* ~ 1.06, Clopper-Pearson",
        Rule.Above(0.95), "a noisy trajectory (its own noise stream)");

    public static readonly ClaimSpec ToyStuck = new("toy-1d-stuck-at-local-minimum",
        "with y fixed to 0, noisy descent from x = -0.5 ends at the 1-D local minimum x_l ~ -0.93 in at least 95% of trajectories (the thesis: all)",
        Toy,
        "fraction of 1-D trajectories ending within 0.1 of (x_l, 0), Clopper-Pearson",
        Rule.Above(0.95), "a noisy trajectory (its own noise stream)");

    /// <summary>One run's outcome as the paired statistics read it.</summary>
    internal static (int Seed, Arm Arm, int Bottleneck, bool Success) Outcome(RunView<ParameterControlRun> r, Func<RunView<ParameterControlRun>, bool> success) =>
        (r.Replicate, r.Config.Arm, r.Config.Bottleneck, success(r));

    /// <summary>Per seed (success fraction in arm a, in arm b): H4's discordance (w = w*, 1-D), H5's sign test (train both, g fixed), H6's discordance (g from 1-D, random g).</summary>
    internal static List<(double A, double B)> Paired(IEnumerable<(int Seed, Arm Arm, int Bottleneck, bool Success)> runs, Arm a, Arm b) =>
        PairedRates.BySeed(runs.Select(r => (r.Seed, r.Arm == a, r.Arm == b, r.Success)));

    /// <summary>Per seed (success fraction at k = kMax, at k = 1): H7's sign test (k = kMax as arm A).</summary>
    internal static List<(double A, double B)> WideVersusNarrow(IEnumerable<(int Seed, Arm Arm, int Bottleneck, bool Success)> runs, int kMax) =>
        PairedRates.BySeed(runs.Select(r => (r.Seed, r.Bottleneck == kMax, r.Bottleneck == 1, r.Success)));

    /// <summary>Per seed (success fraction at k = 1, at k = kMax): the nu = 0.5 sign test (k = 1 as arm A).</summary>
    internal static List<(double A, double B)> NarrowVersusWide(IEnumerable<(int Seed, Arm Arm, int Bottleneck, bool Success)> runs, int kMax) =>
        [.. WideVersusNarrow(runs, kMax).Select(p => (p.B, p.A))];

    /// <summary>|CosSim(w, w*)| a w = w* run must keep at every logged step.</summary>
    public const double StaysCosSim = 0.999;

    /// <summary>Fraction of seeds all of whose w = w* runs keep their smallest |CosSim| >= 0.999 (<see cref="SeedAgreement"/>).</summary>
    internal static Estimate StaysAtWStar(IEnumerable<(int Seed, double MinCosSim)> runs) =>
        SeedAgreement.AllRunsHold(runs.Select(r => (r.Seed, r.MinCosSim >= StaysCosSim)));

    /// <summary>Final validation MSE / Var(y); +inf for a diverged run.</summary>
    public static double Relative(RunView<ParameterControlRun> r) => r.Diverged ? double.PositiveInfinity : r.Final(ValidationLoss) / r.Initial(TargetVariance);

    public static SuccessThreshold Threshold(IEnumerable<RunView<ParameterControlRun>> runs) =>
        SuccessThreshold.From(runs.Where(r => !r.Config.IsToy).Select(Relative));

    public override IEnumerable<Claim> Claims(Results<ParameterControlRun> results)
    {
        var done = results.Done.ToList();
        var threshold = Threshold(done);
        string rule = $"success threshold (log-gap rule over {threshold.Pooled} runs): relative validation loss < {Claim.Format(threshold.Relative)} " +
            $"(gap {Claim.Format(threshold.GapDecades)} decades)";
        bool Success(RunView<ParameterControlRun> r) => threshold.Succeeds(Relative(r));
        string Rates(IEnumerable<RunView<ParameterControlRun>> runs, string name)
        {
            var list = runs.ToList();
            return $"{name} {PairedRates.Describe(list.Count(Success), list.Count)}";
        }

        // H4
        var h4 = done.Where(r => r.Config.Arm is Arm.WStar or Arm.OneD).ToList();
        var h4Pairs = Paired(h4.Select(r => Outcome(r, Success)), Arm.WStar, Arm.OneD);
        yield return h4Pairs.Count == 0 ? results.NotMeasured(WStarLikeOneD, "no w = w* runs")
            : results.Claim(WStarLikeOneD, PairedRates.Discordance(h4Pairs),
                $"{Rates(h4.Where(r => r.Config.Arm == Arm.WStar), "w = w*")}; {Rates(h4.Where(r => r.Config.Arm == Arm.OneD), "1-D")}; " +
                $"{PairedRates.DescribeSigns(h4Pairs, "w = w*", "1-D")}; {rule}");
        var wStar = h4.Where(r => r.Config.Arm == Arm.WStar && !r.Diverged).ToList();
        yield return wStar.Count == 0 ? results.NotMeasured(WStarStays, "no w = w* runs")
            : results.Claim(WStarStays, StaysAtWStar(wStar.Select(r => (r.Replicate, r.Series(CosSim).Min(p => p.Value)))),
                $"runs staying {wStar.Count(r => r.Series(CosSim).Min(p => p.Value) >= StaysCosSim)} of {wStar.Count}; " +
                $"smallest |CosSim| over runs {Claim.Format(wStar.Min(r => r.Series(CosSim).Min(p => p.Value)))}");

        // H5, H6: at the cone cosines
        var cone = done.Where(r => r.Config.ConeCos > 0).ToList();
        bool IsBaseline(RunView<ParameterControlRun> r) => r.Config.Arm == Arm.Baseline;
        var coneOutcomes = cone.Select(r => Outcome(r, Success)).ToList();
        var h5 = Paired(coneOutcomes, Arm.Baseline, Arm.FixedG);
        string coneRates = $"{Rates(cone.Where(IsBaseline), "train both")}; {Rates(cone.Where(r => r.Config.Arm == Arm.FixedG), "g fixed to g*")}; " +
            $"{Rates(cone.Where(r => r.Config.Arm == Arm.GFromOneD), "g from 1-D")}";
        yield return h5.Count == 0 ? results.NotMeasured(FixedGWorse, "no fixed-g runs")
            : results.Claim(FixedGWorse, PairedRates.SignTest(h5), $"{coneRates}; {PairedRates.DescribeSigns(h5, "train both", "g fixed")}; {rule}");
        var h6 = Paired(coneOutcomes, Arm.GFromOneD, Arm.Baseline);
        yield return h6.Count == 0 ? results.NotMeasured(GInitNoDifference, "no g-from-1-D runs")
            : results.Claim(GInitNoDifference, PairedRates.Discordance(h6),
                $"{coneRates}; {PairedRates.DescribeSigns(h6, "g from 1-D", "random g")}; sign test {PairedRates.SignTest(h6).Describe()}; {rule}");

        // H7
        var bottleneck = done.Where(r => r.Config.ConeCos == 0 && r.Config.Arm is Arm.Baseline or Arm.Bottleneck).ToList();
        int kMax = bottleneck.Select(r => r.Config.Bottleneck).DefaultIfEmpty(1).Max();
        if (kMax == 1)
        {
            yield return results.NotMeasured(BottleneckNoGain, "no bottleneck k > 1");
            yield return results.NotMeasured(BottleneckHurtsAtHalf, "no bottleneck k > 1");
        }
        else
        {
            string rates = string.Join("; ", bottleneck.GroupBy(r => (r.Config.Nu, r.Config.Bottleneck)).OrderBy(g => g.Key)
                .Select(g => Rates(g, $"nu {Claim.Format(g.Key.Nu)} k {g.Key.Bottleneck}")));
            var wide = WideVersusNarrow(bottleneck.Select(r => Outcome(r, Success)), kMax);
            yield return results.Claim(BottleneckNoGain, PairedRates.SignTest(wide), $"{rates}; {PairedRates.DescribeSigns(wide, $"k {kMax}", "k 1")}; {rule}");
            var half = NarrowVersusWide(bottleneck.Where(r => r.Config.Nu == 0.5).Select(r => Outcome(r, Success)), kMax);
            yield return half.Count == 0 ? results.NotMeasured(BottleneckHurtsAtHalf, "no bottleneck runs at nu = 0.5")
                : results.Claim(BottleneckHurtsAtHalf, PairedRates.SignTest(half), $"{PairedRates.DescribeSigns(half, "k 1", $"k {kMax}")}; {rule}");
        }

        // the toy
        yield return ToyClaim(results, done, Arm.Toy2D, ToyEscapes, ToyGlobal);
        yield return ToyClaim(results, done, Arm.Toy1D, ToyStuck, ToyLocal);
    }

    private static Claim ToyClaim(Results<ParameterControlRun> results, List<RunView<ParameterControlRun>> done, Arm arm, ClaimSpec spec, Lab.Metrics.Metric hit)
    {
        var runs = done.Where(r => r.Config.Arm == arm).ToList();
        if (runs.Count == 0) return results.NotMeasured(spec, "no toy runs");
        int hits = (int)runs.Sum(r => r.Final(hit)), total = (int)runs.Sum(r => r.Final(ToyTrajectories));
        return results.Claim(spec, ToyFraction(runs.Select(r => (r.Final(hit), r.Final(ToyTrajectories)))),
            $"{hits} of {total} trajectories ({runs.Count} seeds x {runs[0].Config.ToyTrajectories}); global minimum x* = {Claim.Format(TiltedRing.GlobalMinimum)}, " +
            $"1-D local minimum x_l = {Claim.Format(TiltedRing.Saddle)}; ending at the other minimum: {(int)runs.Sum(r => r.Final(hit == ToyGlobal ? ToyLocal : ToyGlobal))}");
    }

    /// <summary>Trajectories ending at the claimed minimum over all trajectories (each run stores its counts), Clopper-Pearson.</summary>
    internal static Estimate ToyFraction(IEnumerable<(double Hits, double Trajectories)> runs)
    {
        var list = runs.ToList();
        return Estimate.Proportion((int)list.Sum(r => r.Hits), (int)list.Sum(r => r.Trajectories));
    }

    public override IEnumerable<Check> Checks(Results<ParameterControlRun> results)
    {
        var done = results.Done.Where(r => !r.Diverged).ToList();
        var toy = done.Where(r => r.Has(ToyNoiselessOffAxis)).ToList();
        if (toy.Count > 0)
        {
            double worst = toy.Max(r => r.Final(ToyNoiselessOffAxis));
            yield return results.Check("toy-noiseless-stays-on-axis", "noiseless 2-D descent from (-0.5, 0) never leaves the x-axis (symmetry in y)", worst, "0", worst == 0);
        }

        var oneD = done.Where(r => r.Config.Arm == Arm.OneD).ToList();
        if (oneD.Count > 0)
        {
            double worst = oneD.Max(r => r.Series(CosSim).Max(p => Math.Abs(1 - p.Value)));
            yield return results.Check("one-d-keeps-w-star", "the 1-D learner's w stays w* (|CosSim| = 1 at every logged step)", worst, "<= 1e-12", worst <= 1e-12);
        }

        var cone = done.Where(r => r.Config.ConeCos > 0).ToList();
        if (cone.Count > 0)
        {
            double worst = cone.Max(r => Math.Abs(r.Initial(CosSim) - r.Config.ConeCos));
            yield return results.Check("cone-initial-cossim", "the H5/H6 runs start at |CosSim| = c", worst, "<= 1e-12", worst <= 1e-12);
        }
    }
}

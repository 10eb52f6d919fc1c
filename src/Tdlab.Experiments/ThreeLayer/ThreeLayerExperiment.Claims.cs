using Tdlab.Lab.Claims;
using static Tdlab.Experiments.ThreeLayer.ThreeLayerMetrics;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>The seed's observations, pre-registered as claims; the success threshold is <see cref="SuccessThreshold"/>'s fixed rule.</summary>
public sealed partial class ThreeLayerExperiment
{
    /// <summary>Two NTK computations agree to this (max relative difference).</summary>
    public const double NtkAgreementTolerance = 1e-10;

    private const string Seed = "seed 003";

    private static readonly SeedStatement H1Refuted = new(Seed, "4.2 Comparison with 1-D Learning",
        "While lower frequencies like 0.5 Hz are successfully learnt, higher frequencies do not learn with a very high probability.");

    private static readonly SeedStatement CosSimExplains = new(Seed, "4.2.1 Cosine Similarity",
        "we clearly observe that the \"successful\" runs with loss values in the range of 10^{-3} to 10^{-4} have perfectly learnt the direction of \\mathbf{w}_* with a CosSim of 1. The failed runs have a CosSim less than 1.");

    private static readonly SeedStatement InitialPredicts = new(Seed, "4.2.1 Cosine Similarity (Fig. 4.4b)",
        "The initial CosSim is a strong predictor of success – a higher initial CosSim is more likely to result in a final CosSim of 1.");

    private static readonly SeedStatement ConeStatement = new(Seed, "4.2.1 Cosine Similarity (Fig. 4.5)",
        "Higher frequencies like 1 Hz are learnt successfully if the initialization is a favorable one with high initial CosSim.");

    private static readonly SeedStatement NtkMoves = new(Seed, "4.3 Phases of Learning",
        "We observe that the NTK significantly deviates from initialization in tandem with the CosSim monotonically increasing to 1.");

    private static readonly SeedStatement NtkSaturates = new(Seed, "4.3 Phases of Learning",
        "Once the CosSim has reached 1, i.e., \\mathbf{w} has successfully been learnt, the NTK saturates, and the loss decreases exponentially as expected in the NTK regime.");

    private static readonly SeedStatement LossFlat = new(Seed, "4.3 Phases of Learning (Fig. 4.6)",
        "Initially, the cosine similarity grows towards 1, while the loss barely changes (until epoch ~ 500).");

    private static readonly SeedStatement Pl = new(Seed, "4.6 PL condition",
        "the minimum eigenvalue of the NTK is very close to machine precision, and the NTK is certainly not well-conditioned. No significant change is observed even at the phase transition");

    private static readonly SeedStatement TrainSizeShape = new(Seed, "4.7 Intriguing Optimization Phenomenon (Fig. 4.16)",
        "The training loss also initially rises with increasing dataset size as a larger dataset is harder to overfit with a fixed model. However, as the training dataset crosses a size of ~ 10^4 we observe a drop in the train loss.");

    public static readonly ClaimSpec ThreeLayerBelowOneD = new("h1-three-layer-below-1d",
        "at every nu >= 1 the three-layer net succeeds less often than the 1-D learner (H1 refuted)",
        H1Refuted,
        "sign test at one nu, paired over seeds (same data and g initialisation; each seed's success fraction over the train sizes): among the seeds " +
        "whose two learners differ, the fraction where the 1-D learner did better (McNemar's exact test), Clopper-Pearson; success: relative " +
        "validation loss below the fixed log-gap threshold",
        Rule.Above(0.5));

    public static readonly ClaimSpec FinalCosSimExplains = new("final-cossim-explains-success",
        "a three-layer run succeeds exactly when it ends with |CosSim(w, w*)| >= 0.99",
        CosSimExplains,
        "fraction of seeds all of whose three-layer runs (LeCun w, every nu and train size) have success agreeing with final |CosSim| >= 0.99; " +
        "Clopper-Pearson over seeds (a seed's runs share its data and initialisation)",
        Rule.Above(0.9));

    public static readonly ClaimSpec InitialCosSimPredicts = new("initial-cossim-predicts-success",
        "runs whose initial |CosSim| is above the median succeed more often than those below it",
        InitialPredicts,
        "P(success | initial |CosSim| above the median of its (nu, train size) cell) - P(success | below), pooled over the three-layer LeCun runs; " +
        "percentile bootstrap over seeds",
        Rule.Above(0));

    public static readonly ClaimSpec ConeRaisesSuccess = new("cone-success-rises-with-c",
        "with the cone initialisation the success rate rises with the initial CosSim c",
        ConeStatement,
        "sign test, paired over seeds: among the seeds whose runs at the largest and the smallest cone cosine differ (cone-nu), the fraction where " +
        "the largest did better, Clopper-Pearson",
        Rule.Above(0.5));

    public static readonly ClaimSpec NtkChangesWhileAligning = new("ntk-changes-while-aligning",
        "on successful runs the empirical NTK has changed substantially (by more than 20%) by the time |CosSim| reaches 0.99 (H2 refuted)",
        NtkMoves,
        "relative NTK change ||K(t) - K(0)||_F / ||K(0)||_F on the fixed probe batch at the first log step with |CosSim| >= 0.99, per successful probe run " +
        "(phase-nu, LeCun w); t interval",
        Rule.Above(0.2));

    public static readonly ClaimSpec NtkSaturatesWithCosSim = new("ntk-saturates-with-cossim",
        "the NTK change saturates when |CosSim| reaches 1: the lag between the two times is within half the alignment time (H3)",
        NtkSaturates,
        "lag = (t_NTK - t_cos) / t_cos per successful probe run, t_cos the first step with |CosSim| >= 0.99, t_NTK the first step at which the NTK change " +
        "reaches 90% of its final value; t interval",
        Rule.Within(-0.5, 0.5));

    public static readonly ClaimSpec LossFlatWhileAligning = new("loss-flat-while-aligning",
        "most of the fall of the loss comes after w is learnt: less than half of the run's fall in log validation loss has happened by t_cos (H3)",
        LossFlat,
        "(log L(0) - log L(t_cos)) / (log L(0) - log L(T)) of the validation loss per successful probe run; t interval",
        Rule.Below(0.5));

    public static readonly ClaimSpec NtkIllConditioned = new("ntk-min-eigenvalue-tiny",
        "the NTK's smallest eigenvalue on a minibatch stays near machine precision throughout training (H8 refuted)",
        Pl,
        "log10 of the largest lambda_min / lambda_max over every logged step of a probe run (float64 NTK on the 32-row probe batch), per probe run; " +
        "claimed below -6 (float32 machine precision is 1.2e-7, the thesis' PyTorch precision); t interval",
        Rule.Below(-6));

    public static readonly ClaimSpec NtkFlatAtTransition = new("ntk-min-eigenvalue-flat-at-transition",
        "the NTK's smallest eigenvalue does not change at the phase transition (H8 refuted)",
        Pl,
        "|mean log10 |lambda_min| over (t_cos, 1.5 t_cos] - mean over [t_cos / 2, t_cos)| in decades per successful probe run; claimed below one decade; t interval",
        Rule.Below(1));

    public static readonly ClaimSpec TrainLossNotMonotone = new("train-loss-not-monotone-in-size",
        "at d = 100 and a fixed number of steps, the final training loss is not monotone in the training-set size: it peaks at an interior size",
        TrainSizeShape,
        "per seed, min(log10 L(n_peak) - log10 L(n_min), log10 L(n_peak) - log10 L(n_max)) of the final training MSE, n_peak the size with the largest " +
        "seed-mean log10 loss (0 when that is an end size); t interval",
        Rule.Above(0));

    /// <summary>The success threshold from the comparison and cone runs (the train-size study has its own d and is not pooled).</summary>
    public static SuccessThreshold Threshold(IEnumerable<RunView<ThreeLayerRun>> runs) =>
        SuccessThreshold.From(runs.Where(r => r.Config.Study != Study.TrainSize).Select(Relative));

    /// <summary>Final validation MSE / Var(y); +inf for a diverged run.</summary>
    public static double Relative(RunView<ThreeLayerRun> r) => r.Diverged ? double.PositiveInfinity : r.Final(ValidationLoss) / r.Initial(TargetVariance);

    public override IEnumerable<Claim> Claims(Results<ThreeLayerRun> results)
    {
        var done = results.Done.ToList();
        var threshold = Threshold(done);
        string rule = $"success threshold (log-gap rule over {threshold.Pooled} runs): relative validation loss < {Claim.Format(threshold.Relative)} " +
            $"(gap {Claim.Format(threshold.GapDecades)} decades)";
        bool Success(RunView<ThreeLayerRun> r) => threshold.Succeeds(Relative(r));
        var comparison = done.Where(r => r.Config.Study == Study.Comparison).ToList();
        var three = comparison.Where(r => r.Config.Learner == Learner.ThreeLayer).ToList();

        yield return H1(results, comparison, Success, rule);

        yield return three.Count == 0
            ? results.NotMeasured(FinalCosSimExplains, "no three-layer runs")
            : results.Claim(FinalCosSimExplains, CosSimAgreement(three.Select(r => (r.Replicate, Success(r), r.Final(CosSim)))),
                $"{rule}; successes {three.Count(Success)} of {three.Count} runs; runs agreeing {three.Count(r => Success(r) == r.Final(CosSim) >= PhaseTimes.Aligned)} of {three.Count}");

        yield return results.Claim(InitialCosSimPredicts,
            InitialPrediction(three.Select(r => (r.Replicate, r.Config.Nu, r.Config.TrainSize, r.Initial(CosSim), Success(r)))), rule);

        yield return Cone(results, done.Where(r => r.Config.Study == Study.Cone).ToList(), Success, rule);

        var probes = three.Where(r => r.Config.Probes && r.Has(NtkChange)).ToList();
        var phases = probes.Where(Success).Select(r => Phases(r)).Where(p => !double.IsNaN(p.CosTime)).ToList();
        string phaseDetail = $"{phases.Count} successful probe runs of {probes.Count}; {rule}";
        yield return results.Claim(NtkChangesWhileAligning, Estimate.Mean(phases.Select(p => p.NtkChangeAtCos)), phaseDetail);
        yield return results.Claim(NtkSaturatesWithCosSim, Estimate.Mean(phases.Select(p => p.Lag)),
            $"{phaseDetail}; t_cos {string.Join(", ", phases.Select(p => p.CosTime))}; t_NTK {string.Join(", ", phases.Select(p => p.NtkTime))}");
        yield return results.Claim(LossFlatWhileAligning, Estimate.Mean(phases.Select(p => p.LossFractionAtCos)), phaseDetail);
        yield return results.Claim(NtkIllConditioned, Estimate.Mean(probes.Select(WorstConditioning)), $"{probes.Count} probe runs");
        yield return results.Claim(NtkFlatAtTransition, Estimate.Mean(phases.Select(p => p.EigenShift)), phaseDetail);

        yield return TrainSize(results, done.Where(r => r.Config.Study == Study.TrainSize && !r.Diverged).ToList());
    }

    /// <summary>Fraction of seeds on all of whose runs success agrees with final |CosSim| >= 0.99 (<see cref="SeedAgreement"/>).</summary>
    internal static Estimate CosSimAgreement(IEnumerable<(int Seed, bool Success, double FinalCosSim)> runs) =>
        SeedAgreement.AllRunsHold(runs.Select(r => (r.Seed, r.Success == r.FinalCosSim >= PhaseTimes.Aligned)));

    internal static PhaseTimes Phases(RunView<ThreeLayerRun> r) =>
        PhaseTimes.Of(r.Series(CosSim), r.Series(NtkChange), r.Series(ValidationLoss), r.Series(NtkMinEigenvalue), r.Config.LogEvery);

    internal static double WorstConditioning(RunView<ThreeLayerRun> r) => WorstConditioning(r.Series(NtkMinEigenvalue), r.Series(NtkMaxEigenvalue));

    /// <summary>log10 of the largest lambda_min / lambda_max over the logged steps (|lambda_min|: rounding can make it negative).</summary>
    internal static double WorstConditioning((int Step, double Value)[] min, (int Step, double Value)[] max) =>
        Math.Log10(min.Zip(max, (a, b) => Math.Abs(a.Value) / b.Value).Max());

    /// <summary>Per seed (1-D learner's success fraction, three-layer's) at one nu; H1's sign test takes the 1-D learner as arm A.</summary>
    internal static List<(double A, double B)> OneDVersusThreeLayer(IEnumerable<(int Seed, Learner Learner, bool Success)> atNu) =>
        PairedRates.BySeed(atNu.Select(r => (r.Seed, r.Learner == Learner.OneD, r.Learner == Learner.ThreeLayer, r.Success)));

    /// <summary>Per seed (success at the largest cone cosine, at the smallest); the cone claim's sign test takes the largest as arm A.</summary>
    internal static List<(double A, double B)> HighVersusLowCone(IEnumerable<(int Seed, double ConeCos, bool Success)> cone)
    {
        var list = cone.ToList();
        double lo = list.Min(r => r.ConeCos), hi = list.Max(r => r.ConeCos);
        return PairedRates.BySeed(list.Select(r => (r.Seed, r.ConeCos == hi, r.ConeCos == lo, r.Success)));
    }

    private static Claim H1(Results<ThreeLayerRun> results, List<RunView<ThreeLayerRun>> comparison, Func<RunView<ThreeLayerRun>, bool> success, string rule)
    {
        var components = new List<(string, Estimate)>();
        var oneDNus = comparison.Where(r => r.Config.Learner == Learner.OneD).Select(r => r.Config.Nu).Distinct().Order();
        foreach (double nu in oneDNus.Where(nu => nu >= 1))
        {
            var atNu = comparison.Where(r => r.Config.Nu == nu).ToList();
            var perSeed = OneDVersusThreeLayer(atNu.Select(r => (r.Replicate, r.Config.Learner, success(r))));
            var one = atNu.Where(r => r.Config.Learner == Learner.OneD).ToList();
            var three = atNu.Where(r => r.Config.Learner == Learner.ThreeLayer).ToList();
            components.Add(($"nu {Claim.Format(nu)} (1-D {PairedRates.Describe(one.Count(success), one.Count)}; three-layer " +
                $"{PairedRates.Describe(three.Count(success), three.Count)}; {PairedRates.DescribeSigns(perSeed, "1-D", "three-layer")})", PairedRates.SignTest(perSeed)));
        }

        return components.Count == 0 ? results.NotMeasured(ThreeLayerBelowOneD, "no 1-D learner runs at nu >= 1") : results.ClaimAll(ThreeLayerBelowOneD, components, rule);
    }

    /// <summary>P(success | initial |CosSim| above its cell's median) - P(success | at or below), bootstrapped over seeds.</summary>
    internal static Estimate InitialPrediction(IEnumerable<(int Seed, double Nu, int TrainSize, double InitialCosSim, bool Success)> runs)
    {
        var three = runs.ToList();
        var medians = three.GroupBy(r => (r.Nu, r.TrainSize))
            .ToDictionary(g => g.Key, g => Median(g.Select(r => r.InitialCosSim)));
        var bySeed = three.GroupBy(r => r.Seed).OrderBy(g => g.Key)
            .Select(g => g.Select(r => (Above: r.InitialCosSim > medians[(r.Nu, r.TrainSize)], r.Success)).ToList())
            .ToList();
        return Estimate.Bootstrap(bySeed, sample =>
        {
            var all = sample.SelectMany(s => s).ToList();
            var above = all.Where(p => p.Above).ToList();
            var below = all.Where(p => !p.Above).ToList();
            return above.Count == 0 || below.Count == 0 ? double.NaN : above.Average(p => p.Success ? 1.0 : 0.0) - below.Average(p => p.Success ? 1.0 : 0.0);
        }, 1802);
    }

    private static Claim Cone(Results<ThreeLayerRun> results, List<RunView<ThreeLayerRun>> cone, Func<RunView<ThreeLayerRun>, bool> success, string rule)
    {
        var cosines = cone.Select(r => r.Config.ConeCos).Distinct().Order().ToList();
        if (cosines.Count < 2) return results.NotMeasured(ConeRaisesSuccess, "fewer than two cone cosines");
        double lo = cosines[0], hi = cosines[^1];
        var perSeed = HighVersusLowCone(cone.Select(r => (r.Replicate, r.Config.ConeCos, success(r))));
        string rates = string.Join("; ", cosines.Select(c => $"c {Claim.Format(c)}: {PairedRates.Describe(cone.Count(r => r.Config.ConeCos == c && success(r)), cone.Count(r => r.Config.ConeCos == c))}"));
        return results.Claim(ConeRaisesSuccess, PairedRates.SignTest(perSeed), $"{rates}; {PairedRates.DescribeSigns(perSeed, $"c {Claim.Format(hi)}", $"c {Claim.Format(lo)}")}; {rule}");
    }

    private static Claim TrainSize(Results<ThreeLayerRun> results, List<RunView<ThreeLayerRun>> runs)
    {
        var sizes = runs.Select(r => r.Config.TrainSize).Distinct().Order().ToList();
        if (sizes.Count < 3) return results.NotMeasured(TrainLossNotMonotone, "the train-size study needs at least three sizes (full preset, or --set train-size-sizes=...)");
        var (estimate, means) = TrainSizeShapeOf(runs.Select(r => (r.Replicate, r.Config.TrainSize, r.Final(TrainLoss))));
        string curve = string.Join(", ", sizes.Select(n => $"n {n}: {Claim.Format(Math.Pow(10, means[n]))}"));
        return results.Claim(TrainLossNotMonotone, estimate, $"geometric-mean final training MSE {curve}");
    }

    /// <summary>The train-size claim's statistic: <see cref="NonMonotonicity"/> per seed (seeds with every size), t interval; and the seed-mean log10 loss per size.</summary>
    internal static (Estimate Estimate, Dictionary<int, double> MeanLogLoss) TrainSizeShapeOf(IEnumerable<(int Seed, int Size, double FinalTrainLoss)> runs)
    {
        var list = runs.ToList();
        var sizes = list.Select(r => r.Size).Distinct().Order().ToList();
        var means = sizes.ToDictionary(n => n, n => list.Where(r => r.Size == n).Average(r => Math.Log10(r.FinalTrainLoss)));
        var perSeed = list.GroupBy(r => r.Seed)
            .Select(g => g.ToDictionary(r => r.Size, r => Math.Log10(r.FinalTrainLoss)))
            .Where(s => sizes.All(s.ContainsKey))
            .Select(s => NonMonotonicity(s, sizes, means))
            .ToList();
        return (Estimate.Mean(perSeed), means);
    }

    /// <summary>min(L(n_peak) - L(n_first), L(n_peak) - L(n_last)) in log10, n_peak from the seed means; 0 when the peak is an end size.</summary>
    public static double NonMonotonicity(IReadOnlyDictionary<int, double> logLoss, IReadOnlyList<int> sizes, IReadOnlyDictionary<int, double> meanLogLoss)
    {
        int peak = sizes.MaxBy(n => meanLogLoss[n]);
        if (peak == sizes[0] || peak == sizes[^1]) return 0;
        return Math.Min(logLoss[peak] - logLoss[sizes[0]], logLoss[peak] - logLoss[sizes[^1]]);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    public override IEnumerable<Check> Checks(Results<ThreeLayerRun> results)
    {
        var done = results.Done.Where(r => !r.Diverged).ToList();
        var probes = done.Where(r => r.Has(NtkAgreement)).ToList();
        if (probes.Count > 0)
        {
            double worst = probes.Max(r => r.Initial(NtkAgreement));
            yield return results.Check("ntk-two-ways", "the probe-batch NTK by Jacobian contraction and by NTK-vector products agree at initialisation",
                worst, $"<= {Claim.Format(NtkAgreementTolerance)}", worst <= NtkAgreementTolerance);
        }

        var oneD = done.Where(r => r.Config.Learner == Learner.OneD).ToList();
        if (oneD.Count > 0)
        {
            double worst = oneD.Max(r => r.Series(CosSim).Max(p => Math.Abs(1 - p.Value)));
            yield return results.Check("one-d-keeps-w-star", "the 1-D learner's w stays w* (|CosSim| = 1 at every logged step)", worst, "<= 1e-12", worst <= 1e-12);
        }

        var cone = done.Where(r => r.Config.Study == Study.Cone).ToList();
        if (cone.Count > 0)
        {
            double worst = cone.Max(r => Math.Abs(r.Initial(CosSim) - r.Config.ConeCos));
            yield return results.Check("cone-initial-cossim", "the cone initialisation starts at |CosSim| = c", worst, "<= 1e-12", worst <= 1e-12);
        }
    }
}

using Tdlab.Lab.Claims;
using static Tdlab.Experiments.InitVariance.InitVarianceMetrics;

namespace Tdlab.Experiments.InitVariance;

/// <summary>The seed's expected results, pre-registered as claims and decided from the stored runs.</summary>
public sealed partial class InitVarianceExperiment
{
    /// <summary>"Clearly above chance": final test accuracy at least chance + this margin.</summary>
    public const double TrainedMargin = 0.25;

    /// <summary>"Stalled": final test accuracy below chance + this margin.</summary>
    public const double StalledMargin = 0.10;

    private static readonly SeedStatement SweetSpot = new("seed 000", "Experimental plans, 1. Initialization & Variance Propagation, Expected results",
        "we expect a clear \u201csweet spot\u201d of \u03c3 where training is stable");

    private static readonly SeedStatement Extremes = new("seed 000", "Experimental plans, 1. Initialization & Variance Propagation, Expected results",
        "Very small \u03c3 should yield near-zero updates (vanishing signals), and very large \u03c3 cause unstable training");

    private static readonly SeedStatement KaimingFaster = new("seed 000", "Experimental plans, 1. Initialization & Variance Propagation, Expected results",
        "We anticipate Kaiming init will converge faster and more stably than Xavier for ReLU networks");

    private static readonly SeedStatement Recursion = new("seed 002", "Random Initialization: Vanishing & Exploding Gradient, Matrix Recursion",
        "E(F^(l))^2 = \u03c1_(l\u22121) E(F^(l\u22121))^2 + E(B^(l\u22121))^2 / 2 with \u03c1 = n E(W^2)/2: if \u03c1 > 1, variance grows exponentially; if \u03c1 < 1, variance decreases exponentially");

    public static readonly ClaimSpec BandTrains = new("band-trains",
        "weights N(0, \u03c3\u00b2) with \u03c3 at the grid point nearest \u221a(2/fan_in) train to clearly above chance",
        SweetSpot, "final test accuracy minus chance (1 / classes) at the sweep's \u03c3 nearest \u221a(2/width)", Rule.Above(TrainedMargin));

    public static readonly ClaimSpec VanishingStalls = new("vanishing-stalls",
        "at the smallest \u03c3 of the sweep the training loss barely moves",
        Extremes, "|L_end \u2212 L_0| / L_0 of the training loss at the smallest \u03c3", Rule.Below(0.01));

    public static readonly ClaimSpec ExplodingFails = new("exploding-fails",
        "at the largest \u03c3 of the sweep training diverges or stalls in most runs",
        Extremes, $"fraction of replicates whose run at the largest \u03c3 diverged or ended below chance + {StalledMargin} test accuracy (Clopper-Pearson)",
        Rule.Above(0.5));

    public static readonly ClaimSpec KaimingBeatsXavier = new("kaiming-beats-xavier",
        "Kaiming (fan_in) reaches a lower training loss than Xavier for the ReLU net after the same steps",
        KaimingFaster, "ln(L_Kaiming / L_Xavier) of the final training loss, paired within a replicate (same data, draws and minibatches)",
        Rule.Below(0));

    public static readonly ClaimSpec KaimingRecursion = new("kaiming-variance-recursion",
        "Kaiming: the per-layer activation second moment E[F_l^2] at init stays nearly constant (\u03c1 = 1)",
        Recursion, "geometric-mean ratio E[F_(l+1)^2] / E[F_l^2] over the hidden layers at init, Kaiming run", Rule.Within(0.8, 1.25));

    public static readonly ClaimSpec XavierRecursion = new("xavier-variance-recursion",
        "Xavier: the per-layer activation second moment E[F_l^2] at init shrinks by about 2 per layer (\u03c1 = 1/2)",
        Recursion, "geometric-mean ratio E[F_(l+1)^2] / E[F_l^2] over the hidden layers at init, Xavier run", Rule.Within(0.4, 0.6));

    public override IEnumerable<Claim> Claims(Results<InitVarianceRun> results)
    {
        var sweep = SweepPoints(results);
        if (sweep.Count == 0)
        {
            foreach (var spec in new[] { BandTrains, VanishingStalls, ExplodingFails })
                yield return results.NotMeasured(spec, "the sigma sweep has no finished runs");
        }
        else
        {
            double critical = Math.Sqrt(2.0 / results.Done.First().Config.Width);
            double nearest = sweep.MinBy(p => Math.Abs(Math.Log(p.Sigma / critical)))!.Sigma;
            var band = TrainableBand(sweep, nearest);
            yield return results.Claim(BandTrains,
                Estimate.Mean(SweepRuns(results, nearest).Select(r => r.Diverged ? double.NaN : r.Final(TestAccuracy) - 1 / ClassesOf(r))),
                $"\u03c3 = {Claim.Format(nearest)} (\u221a(2/fan_in) = {Claim.Format(critical)}); contiguous band with mean accuracy \u2265 chance + {TrainedMargin}: " +
                (double.IsNaN(band.Lo) ? "empty" : $"[{Claim.Format(band.Lo)}, {Claim.Format(band.Hi)}] ({Claim.Format(Math.Log10(band.Hi / band.Lo))} decades)") +
                "; " + string.Join("; ", sweep.Select(p => $"\u03c3 {Claim.Format(p.Sigma)}: " +
                    (p.Diverged == p.Runs ? "diverged" : $"acc {Claim.Format(p.TestAccuracy.Mean)}"))));

            var smallest = sweep[0];
            yield return results.Claim(VanishingStalls,
                Estimate.Mean(SweepRuns(results, smallest.Sigma).Select(RelativeLossChange)),
                $"\u03c3 = {Claim.Format(smallest.Sigma)}; loss {Claim.Format(smallest.InitialLoss.Mean)} -> {Claim.Format(smallest.FinalLoss.Mean)}");

            var largest = sweep[^1];
            var atLargest = SweepRuns(results, largest.Sigma).ToList();
            yield return results.Claim(ExplodingFails,
                Estimate.Proportion(atLargest.Count(Failed), atLargest.Count),
                $"\u03c3 = {Claim.Format(largest.Sigma)}: {largest.Diverged} of {largest.Runs} diverged; test accuracy {largest.TestAccuracy} (stalled means < chance + {StalledMargin})");
        }

        var paired = results.PerReplicate(runs =>
            Math.Log(FinalOf(runs, Scheme.Kaiming) / FinalOf(runs, Scheme.Xavier)));
        var kaiming = results.Aggregate(r => r.Scheme == Scheme.Kaiming, r => r.Final(Loss));
        var xavier = results.Aggregate(r => r.Scheme == Scheme.Xavier, r => r.Final(Loss));
        yield return kaiming.Count == 0 || xavier.Count == 0
            ? results.NotMeasured(KaimingBeatsXavier, "needs both named schemes (schemes=xavier,kaiming)")
            : results.Claim(KaimingBeatsXavier, Estimate.Mean(paired), $"final loss Kaiming {kaiming}, Xavier {xavier}");

        foreach (var (spec, scheme) in new[] { (KaimingRecursion, Scheme.Kaiming), (XavierRecursion, Scheme.Xavier) })
        {
            var ratios = results.Done.Where(r => r.Config.Scheme == scheme).Select(r => LayerRatio(r, 0)).ToList();
            yield return ratios.Count == 0
                ? results.NotMeasured(spec, $"no {scheme} runs")
                : results.Claim(spec, Estimate.Mean(ratios), $"ratio per replicate: {string.Join(", ", ratios.Select(Claim.Format))}");
        }
    }

    /// <summary>Geometric mean of E[F_(l+1)^2] / E[F_l^2] over the hidden layers at a step.</summary>
    internal static double LayerRatio(RunView<InitVarianceRun> run, int step)
    {
        var m2 = Enumerable.Range(1, run.Config.Depth).Select(l => run.At(ActivationSecondMoment.At(l), step)).ToArray();
        if (m2.Length < 2 || m2.Any(v => !(v > 0) || !double.IsFinite(v))) return double.NaN;
        return Math.Exp((Math.Log(m2[^1]) - Math.Log(m2[0])) / (m2.Length - 1));
    }

    private static double FinalOf(IReadOnlyList<RunView<InitVarianceRun>> runs, Scheme scheme) =>
        runs.FirstOrDefault(r => r.Config.Scheme == scheme) is { Diverged: false } r ? r.Final(Loss) : double.NaN;

    private static IEnumerable<RunView<InitVarianceRun>> SweepRuns(Results<InitVarianceRun> results, double sigma) =>
        results.Done.Where(r => r.Config.IsSweep && r.Config.Sigma == sigma);

    private static double RelativeLossChange(RunView<InitVarianceRun> r) => Math.Abs(r.Final(Loss) - r.Initial(Loss)) / r.Initial(Loss);

    /// <summary>Diverged, or final test accuracy below chance + <see cref="StalledMargin"/>.</summary>
    private static bool Failed(RunView<InitVarianceRun> r) => r.Diverged || !(r.Final(TestAccuracy) >= 1.0 / ClassesOf(r) + StalledMargin);

    /// <summary>Classes of the data the run trained on, as it logged them (chance level = 1 / classes).</summary>
    private static double ClassesOf(RunView<InitVarianceRun> r) => r.Initial(Classes);

    /// <summary>Chance level of the sweep's data.</summary>
    private static double ChanceOf(Results<InitVarianceRun> results) => 1.0 / ClassesOf(results.Done.First());

    /// <summary>The contiguous run of sweep points around <paramref name="centre"/> whose mean test accuracy is at least chance + the trained margin.</summary>
    private static (double Lo, double Hi) TrainableBand(IReadOnlyList<SweepPoint> sweep, double centre)
    {
        bool Trains(SweepPoint p) => p.TestAccuracy.Mean >= p.Chance + TrainedMargin;
        int i = sweep.ToList().FindIndex(p => p.Sigma == centre);
        if (!Trains(sweep[i])) return (double.NaN, double.NaN);
        int lo = i, hi = i;
        while (lo > 0 && Trains(sweep[lo - 1])) lo--;
        while (hi < sweep.Count - 1 && Trains(sweep[hi + 1])) hi++;
        return (sweep[lo].Sigma, sweep[hi].Sigma);
    }

    /// <summary>Aggregates over seeds of each sigma of the sweep, in increasing sigma.</summary>
    internal static List<SweepPoint> SweepPoints(Results<InitVarianceRun> results) =>
        results.Done.Where(r => r.Config.IsSweep)
            .GroupBy(r => r.Config.Sigma)
            .OrderBy(g => g.Key)
            .Select(g => new SweepPoint(
                g.Key,
                1.0 / ClassesOf(g.First()),
                g.Count(),
                g.Count(r => r.Diverged),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(TestAccuracy))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(Loss))),
                MeanStd.Of(g.Select(r => r.Initial(Loss))),
                MeanStd.Of(g.Select(RelativeLossChange)),
                g.Count(Failed) / (double)g.Count()))
            .ToList();

    /// <summary>One sigma of the sweep, over seeds. Diverged runs count as NaN in the accuracy and loss statistics.</summary>
    internal sealed record SweepPoint(double Sigma, double Chance, int Runs, int Diverged, MeanStd TestAccuracy, MeanStd FinalLoss,
        MeanStd InitialLoss, MeanStd RelativeLossChange, double FailedFraction);
}

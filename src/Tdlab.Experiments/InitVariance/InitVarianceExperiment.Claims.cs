using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.InitVariance;

/// <summary>The seed's expected results, measured from the stored runs.</summary>
public sealed partial class InitVarianceExperiment
{
    /// <summary>"Clearly above chance": final test accuracy at least chance + this margin.</summary>
    public const double TrainedMargin = 0.25;

    /// <summary>"Stalled": final test accuracy below chance + this margin.</summary>
    public const double StalledMargin = 0.10;

    public override IEnumerable<Claim> Claims(Results<InitVarianceRun> results)
    {
        var sweep = SweepPoints(results);
        if (sweep.Count == 0)
        {
            yield return results.Check("no-runs", "the sigma sweep has finished runs", double.NaN, "> 0 runs", false);
            yield break;
        }

        var any = results.Done.First().Config;
        double chance = 1.0 / ClassesOf(results);
        double critical = Math.Sqrt(2.0 / any.Width);

        // (1) the grid point nearest the critical sigma trains clearly above chance; report the band.
        var nearest = sweep.MinBy(p => Math.Abs(Math.Log(p.Sigma / critical)))!;
        var (bandLo, bandHi) = TrainableBand(sweep, nearest, chance);
        yield return results.AtLeast("band-trains",
            $"sigma near sqrt(2/fan_in) = {Claim.Format(critical)} trains to clearly above chance ({Claim.Format(chance)})",
            nearest.TestAccuracy.Mean, chance + TrainedMargin,
            $"test accuracy {nearest.TestAccuracy} at sigma = {Claim.Format(nearest.Sigma)}; contiguous trainable band " +
            (double.IsNaN(bandLo) ? "empty" : $"[{Claim.Format(bandLo)}, {Claim.Format(bandHi)}] ({Claim.Format(Math.Log10(bandHi / bandLo))} decades)") +
            "; " + string.Join("; ", sweep.Select(p => $"sigma {Claim.Format(p.Sigma)}: " +
                (p.Diverged == p.Runs ? "diverged" : $"acc {Claim.Format(p.TestAccuracy.Mean)}"))));

        // (2) the smallest sigma: the loss barely moves from its initial value.
        var smallest = sweep[0];
        yield return results.AtMost("vanishing-stalls",
            $"at the smallest sigma ({Claim.Format(smallest.Sigma)}) the training loss barely moves: |L_end - L_0| / L_0",
            smallest.RelativeLossChange.Mean, 0.01,
            $"relative change {smallest.RelativeLossChange}; loss {Claim.Format(smallest.InitialLoss.Mean)} -> {Claim.Format(smallest.FinalLoss.Mean)}");

        // (3) the largest sigma: training diverges or stalls in every run.
        var largest = sweep[^1];
        yield return results.AtLeast("exploding-fails",
            $"at the largest sigma ({Claim.Format(largest.Sigma)}) training diverges or stalls (fraction of runs)",
            largest.FailedFraction, 1.0,
            $"{largest.Diverged} of {largest.Runs} diverged; test accuracy {largest.TestAccuracy} (stalled means < chance + {StalledMargin})");

        // (4) Kaiming beats Xavier for ReLU after the same number of steps.
        var kaiming = results.Aggregate(r => r.Scheme == "kaiming", r => r.Final("loss"));
        var xavier = results.Aggregate(r => r.Scheme == "xavier", r => r.Final("loss"));
        if (kaiming.Count > 0 && xavier.Count > 0)
        {
            yield return results.AtMost("kaiming-beats-xavier",
                "Kaiming (fan_in) reaches a lower training loss than Xavier for the ReLU net after the same steps: loss ratio Kaiming / Xavier",
                kaiming.Mean / xavier.Mean, 1.0 - 1e-9,
                $"final loss Kaiming {kaiming}, Xavier {xavier}");
        }

        // (5) activation second moment per layer at init: constant for Kaiming, halving for Xavier.
        foreach (var (scheme, lo, hi, expect) in new[] { ("kaiming", 0.8, 1.25, "stays nearly constant (ratio ~ 1)"), ("xavier", 0.4, 0.6, "shrinks by about 2 per layer (ratio ~ 1/2)") })
        {
            var ratio = results.Aggregate(r => r.Scheme == scheme, r => LayerRatio(r, 0));
            if (ratio.Count == 0) continue;
            yield return results.Between($"{scheme}-variance-recursion",
                $"{scheme}: the per-layer activation second moment E[F_l^2] at init {expect}, as rho = n E(W^2)/2 predicts",
                ratio.Mean, lo, hi,
                $"geometric-mean ratio E[F_(l+1)^2] / E[F_l^2] over hidden layers: {ratio}");
        }
    }

    /// <summary>Geometric mean of E[F_(l+1)^2] / E[F_l^2] over the hidden layers at a step.</summary>
    internal static double LayerRatio(RunView<InitVarianceRun> run, int step)
    {
        var m2 = Enumerable.Range(1, run.Config.Depth).Select(l => run.At($"act_m2_l{l}", step)).ToArray();
        if (m2.Length < 2 || m2.Any(v => !(v > 0) || !double.IsFinite(v))) return double.NaN;
        return Math.Exp((Math.Log(m2[^1]) - Math.Log(m2[0])) / (m2.Length - 1));
    }

    /// <summary>Classes of the data the runs trained on, as they logged it (chance level = 1 / classes).</summary>
    private static double ClassesOf(Results<InitVarianceRun> results) => ClassesOfRun(results.Done.First());

    private static (double Lo, double Hi) TrainableBand(IReadOnlyList<SweepPoint> sweep, SweepPoint centre, double chance)
    {
        bool Trains(SweepPoint p) => p.TestAccuracy.Mean >= chance + TrainedMargin;
        int i = sweep.ToList().IndexOf(centre);
        if (!Trains(centre)) return (double.NaN, double.NaN);
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
                g.Count(),
                g.Count(r => r.Diverged),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("test_accuracy"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("loss"))),
                MeanStd.Of(g.Select(r => r.Initial("loss"))),
                MeanStd.Of(g.Select(r => Math.Abs(r.Final("loss") - r.Initial("loss")) / r.Initial("loss"))),
                g.Count(r => r.Diverged || !(r.Final("test_accuracy") >= 1.0 / ClassesOfRun(r) + StalledMargin)) / (double)g.Count()))
            .ToList();

    private static double ClassesOfRun(RunView<InitVarianceRun> r) => r.Initial("classes");

    /// <summary>One sigma of the sweep, over seeds. Diverged runs count as NaN in the accuracy and loss statistics.</summary>
    internal sealed record SweepPoint(double Sigma, int Runs, int Diverged, MeanStd TestAccuracy, MeanStd FinalLoss,
        MeanStd InitialLoss, MeanStd RelativeLossChange, double FailedFraction);
}

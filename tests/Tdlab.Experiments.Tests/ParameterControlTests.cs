using System.Xml.Linq;
using Tdlab.Experiments.ParameterControl;
using Tdlab.Experiments.ThreeLayer;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Tests;

public class ParameterControlTests
{
    private static readonly string[] Tiny =
    [
        "steps=300", "width=8", "log-every=100", "train-size=64", "validation-size=50", "w-star-nus=1", "cone-cosines=0.6", "bottlenecks=1,2",
        "bottleneck-nus=0.5", "toy-steps=3000", "toy-trajectories=3",
    ];

    [Fact]
    public void QuickGridHasEveryArm()
    {
        var runs = new ParameterControlExperiment().Plan("quick", [], seeds: 1).Runs.Select(r => (ParameterControlRun)r.Config).ToList();
        Assert.Equal(2 * 2 + 3 + 2 * 2 + 2, runs.Count);
        Assert.Equal(Enum.GetValues<Arm>().Order(), runs.Select(r => r.Arm).Distinct().Order());
        Assert.All(runs.Where(r => r.Arm is Arm.FixedG or Arm.GFromOneD), r => Assert.Equal(0.6, r.ConeCos));
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new ParameterControlExperiment(), Tiny, seeds: 3);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        Assert.Equal(8, run.Analysis.Claims.Count);
        Assert.Equal(["toy-noiseless-stays-on-axis", "one-d-keeps-w-star", "cone-initial-cossim"], run.Analysis.Checks.Select(c => c.Id));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Equal(["success_rates.svg", "cossim_traces.svg", "toy.svg"], run.Analysis.Figures.Select(f => f.FileName));
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
        // the g-from-1-D runs trained their 1-D learner first
        var gInit = run.Plan.Runs.First(r => ((ParameterControlRun)r.Config).Arm == Arm.GFromOneD);
        Assert.True(double.IsFinite(run.Store.Final(gInit.Id, "pretrain_loss")));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny.Where(o => !o.StartsWith("bottlenecks=")), "bottlenecks=2", "toy=false"];
        using var one = FamilyRun.Start(new ParameterControlExperiment(), small, seeds: 2, threads: 1);
        using var two = FamilyRun.Start(new ParameterControlExperiment(), small, seeds: 2, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, "val_loss"), two.Store.Metric(spec.Id, "val_loss"));
    }

    [Fact]
    public void FixedLinkGradientMatchesFiniteDifferences()
    {
        var rng = new Rng(1, "fd");
        var w = new double[4];
        var x = new double[5 * 4];
        var y = new double[5];
        var t = new double[4];
        rng.Normal<double>(w, 0, 0.5);
        rng.Normal<double>(x, 0, 1);
        rng.Normal<double>(y, 0, 1);
        rng.Normal<double>(t, 0, 1);
        var grad = new double[4];
        new FixedLinkModel(w, 1.5).Gradient(x, y, grad);
        double Loss(double e) => new FixedLinkModel([.. w.Select((v, i) => v + e * t[i])], 1.5).Gradient(x, y, new double[4]);
        const double eps = 1e-6;
        Assert.Equal(grad.Zip(t, (a, b) => a * b).Sum(), (Loss(eps) - Loss(-eps)) / (2 * eps), 6);
    }

    [Fact]
    public void ToyHasItsMinimaWhereTheSeedSaysAndTheSaddleCurvesDownInY()
    {
        double xg = TiltedRing.GlobalMinimum, xl = TiltedRing.Saddle;
        Assert.Equal(0, TiltedRing.Gradient(xg, 0).Dx, 12);
        Assert.Equal(0, TiltedRing.Gradient(xl, 0).Dx, 12);
        Assert.InRange(xg, 1.0, 1.1);
        Assert.InRange(xl, -1.0, -0.9);
        Assert.True(4 * (xl * xl - 1) < 0);   // d2f/dy2 at (x_l, 0): a saddle in 2-D
        Assert.True(TiltedRing.Value(xg, 0) < TiltedRing.Value(xl, 0));
        // the gradient against central differences
        const double e = 1e-6;
        var (dx, dy) = TiltedRing.Gradient(0.3, -0.7);
        Assert.Equal((TiltedRing.Value(0.3 + e, -0.7) - TiltedRing.Value(0.3 - e, -0.7)) / (2 * e), dx, 7);
        Assert.Equal((TiltedRing.Value(0.3, -0.7 + e) - TiltedRing.Value(0.3, -0.7 - e)) / (2 * e), dy, 7);
    }

    [Fact]
    public void NoiselessDescentFromTheAxisStaysOnItAndNoiseEscapes()
    {
        var clean = TiltedRing.Descend(-0.5, 0, 0.01, 0, 3000, false, new Rng(2, "t"));
        Assert.All(clean, p => Assert.Equal(0, p.Y));
        Assert.Equal(TiltedRing.Saddle, clean[^1].X, 6);
        var noisy = TiltedRing.Descend(-0.5, 0, 0.01, 0.1, 4000, false, new Rng(3, "t"));
        Assert.Equal(TiltedRing.GlobalMinimum, noisy[^1].X, 1);
        var fixedY = TiltedRing.Descend(-0.5, 0, 0.01, 0.1, 4000, true, new Rng(3, "t"));
        Assert.All(fixedY, p => Assert.Equal(0, p.Y));
        Assert.Equal(TiltedRing.Saddle, fixedY[^1].X, 1);
    }

    [Fact]
    public void PlantedViolationsMakeEveryMainClaimFail()
    {
        Verdict Of(ClaimSpec spec, Estimate e) => spec.Decide("parameter-control", e).Verdict;
        // per seed: arm a succeeds, arm b fails on the first 14 seeds; both succeed on the other 6
        IEnumerable<(int, Arm, int, bool)> AWins(Arm a, Arm b, int ka = 1, int kb = 1) =>
            Enumerable.Range(0, 20).SelectMany(s => new[] { (s, a, ka, true), (s, b, kb, s >= 14) });
        // H4: w = w* and the 1-D learner disagreeing on most seeds; agreeing on every seed holds
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.WStarLikeOneD,
            PairedRates.Discordance(ParameterControlExperiment.Paired(AWins(Arm.WStar, Arm.OneD), Arm.WStar, Arm.OneD))));
        var agree = Enumerable.Range(0, 20).SelectMany(s => new[] { (s, Arm.WStar, 1, true), (s, Arm.OneD, 1, true) });
        Assert.Equal(Verdict.Holds, Of(ParameterControlExperiment.WStarLikeOneD,
            PairedRates.Discordance(ParameterControlExperiment.Paired(agree, Arm.WStar, Arm.OneD))));
        // H4: w leaving w* in some seed's run
        var leaving = Enumerable.Range(0, 20).SelectMany(s => new[] { (s, s < 3 ? 0.9995 : 0.6), (s, 0.9995) });
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.WStarStays, ParameterControlExperiment.StaysAtWStar(leaving)));
        Assert.Equal(Verdict.Holds, Of(ParameterControlExperiment.WStarStays, ParameterControlExperiment.StaysAtWStar(Enumerable.Range(0, 40).Select(s => (s, 0.9995)))));
        // H5: fixing g helping on every discordant seed
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.FixedGWorse,
            PairedRates.SignTest(ParameterControlExperiment.Paired(AWins(Arm.FixedG, Arm.Baseline), Arm.Baseline, Arm.FixedG))));
        // H6: g from the 1-D learner changing the outcome on most seeds
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.GInitNoDifference,
            PairedRates.Discordance(ParameterControlExperiment.Paired(AWins(Arm.GFromOneD, Arm.Baseline), Arm.GFromOneD, Arm.Baseline))));
        // H7: the wide bottleneck better on every discordant seed; at nu = 0.5 too (k = 1 worse)
        var wideWins = AWins(Arm.Bottleneck, Arm.Baseline, ka: 4, kb: 1).ToList();
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.BottleneckNoGain, PairedRates.SignTest(ParameterControlExperiment.WideVersusNarrow(wideWins, 4))));
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.BottleneckHurtsAtHalf, PairedRates.SignTest(ParameterControlExperiment.NarrowVersusWide(wideWins, 4))));
        // the toy: 2-D descent stuck in most trajectories, 1-D descent escaping in most (20 seeds x 10 trajectories, 6 hits each)
        var mostlyMissed = Enumerable.Repeat((6.0, 10.0), 20);
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.ToyEscapes, ParameterControlExperiment.ToyFraction(mostlyMissed)));
        Assert.Equal(Verdict.DoesNotHold, Of(ParameterControlExperiment.ToyStuck, ParameterControlExperiment.ToyFraction(mostlyMissed)));
    }
}

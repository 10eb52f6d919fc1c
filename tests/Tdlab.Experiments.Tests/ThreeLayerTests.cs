using System.Xml.Linq;
using Tdlab.Experiments.ThreeLayer;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Tests;

public class ThreeLayerTests
{
    private static readonly string[] Tiny =
    [
        "steps=300", "width=8", "log-every=50", "train-sizes=64,96", "validation-size=50", "probe-size=8", "frame-points=20", "nus=0.5,1",
        "one-d-nus=1", "cone-cosines=0.5,0.9", "train-size-sizes=64,128,256", "train-size-dim=5",
    ];

    [Fact]
    public void QuickGridIsTheComparisonTheConeAndNoTrainSizeStudy()
    {
        var runs = new ThreeLayerExperiment().Plan("quick", [], seeds: 1).Runs.Select(r => (ThreeLayerRun)r.Config).ToList();
        Assert.Equal(4 + 2 + 3, runs.Count);
        Assert.Equal([0.5], runs.Where(r => r.Probes).Select(r => r.Nu));
        Assert.All(runs, r => Assert.Equal((10, 100, 32, 5e-4), (r.InputDim, r.Width, r.BatchSize, r.LearningRate)));
        Assert.DoesNotContain(runs, r => r.Study == Study.TrainSize);
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new ThreeLayerExperiment(), Tiny, seeds: 3);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        Assert.Equal(10, run.Analysis.Claims.Count);
        Assert.Equal(["ntk-two-ways", "one-d-keeps-w-star", "cone-initial-cossim"], run.Analysis.Checks.Select(c => c.Id));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.Contains(run.Analysis.Figures, f => f.FileName == "frames.svg");
        Assert.Contains(run.Analysis.Figures, f => f.FileName == "train_size.svg");
        Assert.Contains(run.Analysis.Figures, f => f.FileName == "loss_vs_train_size.svg");
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
        // the train-size study was measured (three sizes), so its claim has a value
        Assert.Equal(3, run.Analysis.Claims.Single(c => c.Spec.Id == ThreeLayerExperiment.TrainLossNotMonotone.Id).Evidence!.N);
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny.Where(o => !o.StartsWith("nus=") && !o.StartsWith("train-size") && !o.StartsWith("cone-cosines=")),
            "nus=0.5", "train-sizes=64", "cone-cosines=", "train-size-sizes="];
        using var one = FamilyRun.Start(new ThreeLayerExperiment(), small, seeds: 2, threads: 1);
        using var two = FamilyRun.Start(new ThreeLayerExperiment(), small, seeds: 2, threads: 2);
        foreach (var spec in one.Plan.Runs)
        {
            Assert.Equal(one.Store.Metric(spec.Id, "val_loss"), two.Store.Metric(spec.Id, "val_loss"));
            Assert.Equal(one.Store.Metric(spec.Id, "cos_sim"), two.Store.Metric(spec.Id, "cos_sim"));
        }
    }

    [Fact]
    public void TaskIsASineOfTheUnitTeacherProjection()
    {
        var task = SingleIndexTask.Create(4, 10, 5, 0.7, new Rng(1, "t"), new Rng(2, "x"), new Rng(3, "v"));
        Assert.Equal(1, Math.Sqrt(task.Teacher.Sum(v => v * v)), 14);
        for (int i = 0; i < 10; i++)
        {
            double t = Enumerable.Range(0, 4).Sum(l => task.Teacher[l] * task.TrainX[i * 4 + l]);
            Assert.Equal(Math.Sin(0.7 * Math.PI * t), task.TrainY[i], 14);
        }
    }

    [Fact]
    public void ConeInitFixesTheCosineAndKeepsTheNorm()
    {
        double[] teacher = [0.6, 0, 0.8];
        double[] w = [1, 2, 2];
        ConeInit.Apply(w, teacher, 0.3, new Rng(4, "cone"));
        Assert.Equal(3, Math.Sqrt(w.Sum(v => v * v)), 13);
        Assert.Equal(0.3, Probes.CosineSimilarity.Of(w, teacher), 13);
    }

    [Fact]
    public void LogGapRuleSplitsTwoModesAtTheMidpointOfTheWidestGap()
    {
        // successes around 1e-3 and 1e-2, failures around 1; the widest gap is between 1e-2 and 0.9
        var t = SuccessThreshold.From([1e-3, 2e-3, 1e-2, 0.9, 1.0, 1.1, double.PositiveInfinity, 50]);
        Assert.Equal(Math.Pow(10, (-2 + Math.Log10(0.9)) / 2), t.Relative, 12);
        Assert.Equal(Math.Log10(0.9) + 2, t.GapDecades, 12);
        Assert.Equal(6, t.Pooled);
        Assert.True(t.Succeeds(1e-2));
        Assert.False(t.Succeeds(0.9));
        Assert.False(t.Succeeds(double.PositiveInfinity));
    }

    [Fact]
    public void PhaseTimesReadTheGridAsDefined()
    {
        (int, double)[] S(params double[] v) => [.. v.Select((x, i) => (i * 100, x))];
        var cos = S(0.2, 0.5, 0.9, 0.995, 1, 1, 1, 1);
        var ntk = S(0, 0.3, 0.6, 0.95, 1, 1, 1, 1);
        var loss = S(1, 1, 1, 0.1, 0.01, 0.001, 1e-3, 1e-3);
        var eig = S(1e-8, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8);
        var p = PhaseTimes.Of(cos, ntk, loss, eig, 100);
        Assert.Equal(300, p.CosTime);
        Assert.Equal(300, p.NtkTime);          // 0.95 >= 0.9 * 1
        Assert.Equal(0, p.Lag);
        Assert.Equal(1.0 / 3, p.LossFractionAtCos, 12);   // log10: 0 -> -1 of 0 -> -3
        Assert.Equal(0.95, p.NtkChangeAtCos);
        Assert.Equal(0, p.EigenShift, 12);
        Assert.True(double.IsNaN(PhaseTimes.Of(S(0.2, 0.3), S(0, 0.1), S(1, 1), S(1, 1), 100).CosTime));
    }

    [Fact]
    public void NonMonotonicityIsZeroForAMonotoneCurveAndPositiveForAPeak()
    {
        int[] sizes = [100, 1000, 10000];
        var monotone = new Dictionary<int, double> { [100] = -5, [1000] = -3, [10000] = -2 };
        Assert.Equal(0, ThreeLayerExperiment.NonMonotonicity(monotone, sizes, monotone));
        var peak = new Dictionary<int, double> { [100] = -5, [1000] = -2, [10000] = -3 };
        Assert.Equal(1, ThreeLayerExperiment.NonMonotonicity(peak, sizes, peak));
    }

    [Fact]
    public void PlantedViolationsMakeEveryMainClaimFail()
    {
        Verdict Of(ClaimSpec spec, Estimate e) => spec.Decide("three-layer", e).Verdict;
        var seeds = Enumerable.Range(0, 20).ToList();
        // H1: the three-layer net succeeding and the 1-D learner failing on every seed; and the seed's direction holds
        var threeBetter = seeds.SelectMany(s => new[] { (s, Learner.OneD, false), (s, Learner.ThreeLayer, true) });
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.ThreeLayerBelowOneD, PairedRates.SignTest(ThreeLayerExperiment.OneDVersusThreeLayer(threeBetter))));
        var oneDBetter = seeds.SelectMany(s => new[] { (s, Learner.OneD, true), (s, Learner.ThreeLayer, false) });
        Assert.Equal(Verdict.Holds, Of(ThreeLayerExperiment.ThreeLayerBelowOneD, PairedRates.SignTest(ThreeLayerExperiment.OneDVersusThreeLayer(oneDBetter))));
        // cone: success only at the smallest cosine (the middle cosine is ignored by the statistic)
        var coneInverted = seeds.SelectMany(s => new[] { (s, 0.3, true), (s, 0.6, true), (s, 0.9, false) });
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.ConeRaisesSuccess, PairedRates.SignTest(ThreeLayerExperiment.HighVersusLowCone(coneInverted))));
        // success exactly when the final CosSim stays below 0.99 (20 seeds x 2 runs)
        var inverted = seeds.SelectMany(s => new[] { (s, true, 0.5), (s, false, 0.999) });
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.FinalCosSimExplains, ThreeLayerExperiment.CosSimAgreement(inverted)));
        // the seed is the replicate: one disagreeing run spoils its seed, and 36 agreeing seeds of 36 are needed to pass 0.9
        Assert.Equal(0.5, ThreeLayerExperiment.CosSimAgreement(Enumerable.Range(0, 4).SelectMany(s => new[] { (s, true, 1.0), (s, s < 2, 0.2) })).Value);
        Assert.Equal(Verdict.Holds, Of(ThreeLayerExperiment.FinalCosSimExplains,
            ThreeLayerExperiment.CosSimAgreement(Enumerable.Range(0, 36).SelectMany(s => new[] { (s, true, 0.995), (s, false, 0.3) }))));
        // runs with a low initial CosSim succeeding: four runs per seed in one (nu, n) cell, the two low ones (below the cell's median) succeed
        var lowWins = seeds.SelectMany(s => Enumerable.Range(0, 4).Select(i => (s, 1.0, 1000, (i < 2 ? 0.1 : 0.5) + 0.001 * s, i < 2 || (i == 2 && s % 3 == 0))));
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.InitialCosSimPredicts, ThreeLayerExperiment.InitialPrediction(lowWins)));

        // phases through PhaseTimes: an NTK that barely moves while w aligns, saturating three alignment times later,
        // a loss that has fallen before w aligns, and lambda_min jumping three decades at the transition
        (int, double)[] S(Func<int, double> f) => [.. Enumerable.Range(0, 41).Select(i => (i * 100, f(i * 100)))];
        var phases = seeds.Take(5).Select(s => PhaseTimes.Of(
            S(t => Math.Min(1, 0.2 + t / 1000.0 * (0.8 + 0.01 * s))),            // |CosSim| reaches 0.99 near t = 1000
            S(t => t <= 1000 ? 0.001 * (1 + s) * t / 1000 : Math.Min(1, (t - 1000) / (2000.0 + 200 * s))), // ~0.001 at t_cos, 90% at t = 2800..3600
            S(t => Math.Exp(-t / (300.0 + s))),
            S(t => t < 1000 ? 1e-9 : 1e-6 * (1 + 0.1 * s)),                        // three decades up after t_cos
            100)).ToList();
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.NtkChangesWhileAligning, Estimate.Mean(phases.Select(p => p.NtkChangeAtCos))));
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.NtkSaturatesWithCosSim, Estimate.Mean(phases.Select(p => p.Lag))));
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.NtkFlatAtTransition, Estimate.Mean(phases.Select(p => p.EigenShift))));
        var earlyFall = seeds.Take(5).Select(s => PhaseTimes.Of(
            S(t => Math.Min(1, 0.2 + t / 1000.0 * (0.8 + 0.01 * s))), S(t => Math.Min(1, t / 1000.0)),
            S(t => t <= 1000 ? Math.Pow(10, -t / (250.0 + s)) : Math.Pow(10, -(1000 / (250.0 + s)) - 0.0001 * (t - 1000))), // ~4 decades by t_cos, 0.3 after
            S(_ => 1e-8), 100)).ToList();
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.LossFlatWhileAligning, Estimate.Mean(earlyFall.Select(p => p.LossFractionAtCos))));
        // a well-conditioned NTK: lambda_min / lambda_max about 0.1
        var conditioning = seeds.Take(5).Select(s => ThreeLayerExperiment.WorstConditioning(S(t => 0.1 + 0.01 * s), S(_ => 1.0)));
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.NtkIllConditioned, Estimate.Mean(conditioning)));
        // a training loss monotone in the size on every seed (rising on half, falling on the other half, so the seed mean peaks inside),
        // through the claim's whole statistic; log10 losses (0, 2, 3 + 0.1 s) and reversed
        var monotone = seeds.Take(6).SelectMany(s => new[] { 100, 1000, 10000 }.Select((n, i) =>
            (s, n, Math.Pow(10, (s % 2 == 0 ? i : 2 - i) switch { 0 => 0, 1 => 2, _ => 3 + 0.1 * s }))));
        Assert.Equal(Verdict.DoesNotHold, Of(ThreeLayerExperiment.TrainLossNotMonotone, ThreeLayerExperiment.TrainSizeShapeOf(monotone).Estimate));
        // a curve monotone on every seed the same way gives 0 on every seed: no spread, so the lab's rule says inconclusive
        var rising = seeds.Take(5).SelectMany(s => new[] { 100, 1000, 10000 }.Select(n => (s, n, 1e-4 * n * (1 + 0.1 * s))));
        Assert.Equal(Verdict.Inconclusive, Of(ThreeLayerExperiment.TrainLossNotMonotone, ThreeLayerExperiment.TrainSizeShapeOf(rising).Estimate));
    }
}

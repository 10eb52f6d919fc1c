using System.Xml.Linq;
using Tdlab.Experiments.SharpMinima;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class SharpnessTests
{
    private static readonly string[] Tiny =
    [
        "data=synthetic", "examples=40", "synthetic-dim=5", "width=8", "batch-sizes=4,0", "learning-rate=0.2", "target-loss=1.0",
        "max-steps=400", "stability-steps=10", "bisection-steps=3", "trace-relative-error=0.2",
        "outlier-classes=", "methods=",                                   // the batch-size study alone (SharpnessStudiesTests has the others)
    ];

    [Fact]
    public void GridIsOneRunPerBatchSize()
    {
        var runs = new SharpnessExperiment().Plan("quick", [], seeds: 1).Runs.Select(r => (SharpnessRun)r.Config)
            .Where(r => r.Study == SharpnessStudy.BatchSize).ToList();
        Assert.Equal([10, 500], runs.Select(r => r.EffectiveBatch));
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new SharpnessExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        foreach (var spec in run.Plan.Runs)
        {
            Assert.Equal(1, run.Store.Final(spec.Id, "reached"));
            Assert.True(run.Store.Final(spec.Id, "loss") <= 1.0);
            Assert.True(run.Store.Final(spec.Id, "sharpness") > 0);
            double c = run.Store.Final(spec.Id, "stable_step") * run.Store.Final(spec.Id, "sharpness") / 2;
            Assert.InRange(c, 0.5, 2.0);
        }

        Assert.Equal(3, run.Analysis.Claims.Count);
        Assert.Equal(["sharpness-converged"], run.Analysis.Checks.Select(c => c.Id));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Single(run.Analysis.Figures);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        using var one = FamilyRun.Start(new SharpnessExperiment(), Tiny, threads: 1);
        using var two = FamilyRun.Start(new SharpnessExperiment(), Tiny, threads: 2);
        foreach (var spec in one.Plan.Runs)
            foreach (var metric in new[] { "loss", "sharpness", "trace", "stable_step" })
                Assert.Equal(one.Store.Metric(spec.Id, metric), two.Store.Metric(spec.Id, metric));
    }

    [Fact]
    public void Float32TrainingEndsNearTheFloat64SolutionAndIsMeasuredInFloat64()
    {
        using var wide = FamilyRun.Start(new SharpnessExperiment(), Tiny);
        using var single = FamilyRun.Start(new SharpnessExperiment(), [.. Tiny, "precision=float32"]);
        int differing = 0;
        for (int i = 0; i < wide.Plan.Runs.Count; i++)
        {
            string a = wide.Plan.Runs[i].Id, b = single.Plan.Runs[i].Id;
            differing += wide.Store.Metric(a, "loss").Zip(single.Store.Metric(b, "loss")).Count(p => p.First.Value != p.Second.Value);
            Assert.Equal(1, single.Store.Final(b, "reached"));
            Assert.Equal(wide.Store.Metric(a, "loss").Length, single.Store.Metric(b, "loss").Length);      // the same stop step
            Assert.Equal(wide.Store.Final(a, "sharpness"), single.Store.Final(b, "sharpness"), wide.Store.Final(a, "sharpness") * 1e-2);   // 0.3% measured
            Assert.True(single.Store.Final(b, "sharpness_residual") <= 1e-6, "the measurement at the solution stays float64");
        }

        Assert.True(differing > 0, "float32 training gave bit-identical losses: the precision setting was ignored");
        Assert.Equal(Tdlab.Experiments.Common.Precision.Float32, new SharpnessExperiment().Full.Precision);
        Assert.Equal(Tdlab.Experiments.Common.Precision.Float64, new SharpnessExperiment().Quick.Precision);
        Assert.All(new SharpnessExperiment().Plan("quick", []).Runs, r => Assert.DoesNotContain("precision", r.ConfigJson));
        Assert.All(new SharpnessExperiment().Plan("full", []).Runs.Where(r => ((SharpnessRun)r.Config).Study == SharpnessStudy.SecondOrder),
            r => Assert.DoesNotContain("precision", r.ConfigJson));
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new SharpnessExperiment();
        Assert.Contains("pool", Assert.Throws<BadInputException>(() => e.Plan("quick", ["pool=5"])).Message);
        Assert.Contains("batch-sizes", Assert.Throws<BadInputException>(() => e.Plan("quick", ["batch-sizes=-1"])).Message);
    }

    [Fact]
    public void PlantedFlatterLargeBatchesAndAWrongStableStepDoNotHold()
    {
        // Planted (large, small) per seed, through the claims' own statistic: large batch 20% flatter does not hold, 3x sharper holds.
        Estimate Ratios(params (double Large, double Small)[] seeds) => Estimate.Mean(seeds.Select(p => SharpnessExperiment.LargeOverSmall(p.Large, p.Small)));
        var flatter = Ratios((8, 10), (7.8, 10), (16.6, 20));
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.LargeBatchSharper.Decide("s", flatter).Verdict);
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.LargeBatchLargerTrace.Decide("s", Ratios((70, 100), (75, 100), (36, 50))).Verdict);
        Assert.Equal(Verdict.Holds, SharpnessExperiment.LargeBatchSharper.Decide("s", Ratios((30, 10), (33, 10), (56, 20))).Verdict);
        // a stable step at 1.6 x 2 / lambda (as if lambda were overestimated) does not hold; at 2 / lambda it holds
        Estimate Steps(params (double Step, double Lambda)[] runs) => Estimate.Mean(runs.Select(p => SharpnessExperiment.StableStepOverBound(p.Step, p.Lambda)));
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.StableStepIsTwoOverLambda.Decide("s", Steps((0.32, 10), (0.162, 20), (0.79, 4))).Verdict);
        Assert.Equal(Verdict.Holds, SharpnessExperiment.StableStepIsTwoOverLambda.Decide("s", Steps((0.2, 10), (0.102, 20), (0.495, 4))).Verdict);
    }
}

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
    ];

    [Fact]
    public void GridIsOneRunPerBatchSize()
    {
        var runs = new SharpnessExperiment().Plan("quick", [], seeds: 1).Runs.Select(r => (SharpnessRun)r.Config).ToList();
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
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new SharpnessExperiment();
        Assert.Contains("pool", Assert.Throws<BadInputException>(() => e.Plan("quick", ["pool=5"])).Message);
        Assert.Contains("batch-sizes", Assert.Throws<BadInputException>(() => e.Plan("quick", ["batch-sizes=-1"])).Message);
    }

    [Fact]
    public void PlantedFlatterLargeBatchesAndAWrongStableStepDoNotHold()
    {
        // large batch 20% flatter than small in every seed
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.LargeBatchSharper.Decide("s", Estimate.Mean([0.8, 0.78, 0.83])).Verdict);
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.LargeBatchLargerTrace.Decide("s", Estimate.Mean([0.7, 0.75, 0.72])).Verdict);
        // a stable step at 1.6 x 2 / lambda (as if lambda were overestimated)
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.StableStepIsTwoOverLambda.Decide("s", Estimate.Mean([1.6, 1.62, 1.58])).Verdict);
        Assert.Equal(Verdict.Holds, SharpnessExperiment.StableStepIsTwoOverLambda.Decide("s", Estimate.Mean([1.0, 1.02, 0.99])).Verdict);
    }
}

using System.Xml.Linq;
using Tdlab.Experiments.InitVariance;
using Tdlab.Lab;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class InitVarianceTests
{
    private static readonly string[] Tiny =
    [
        "depth=3", "width=16", "sigma-count=3", "epochs=2", "train-size=256", "test-size=64", "input-dim=8", "classes=3",
    ];

    [Fact]
    public void GridIsTheLogSweepPlusTheNamedSchemes()
    {
        var plan = new InitVarianceExperiment().Plan("quick", [], seeds: 2);
        var runs = plan.Runs.Select(r => (InitVarianceRun)r.Config).ToList();
        Assert.Equal((9 + 2) * 2, runs.Count);
        var sigmas = runs.Where(r => r.IsSweep).Select(r => r.Sigma).Distinct().OrderBy(s => s).ToArray();
        Assert.Equal(1e-3, sigmas[0]);
        Assert.Equal(10, sigmas[^1]);
        for (int i = 1; i < sigmas.Length; i++) Assert.Equal(Math.Sqrt(10), sigmas[i] / sigmas[i - 1], 1e-5);
        Assert.Equal([Scheme.Xavier, Scheme.Kaiming], runs.Where(r => !r.IsSweep).Select(r => r.Scheme).Distinct().Order());
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new InitVarianceExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var first = run.Plan.Runs[0];
        Assert.Equal([0, 1, 2], run.Store.Metric(first.Id, "loss").Select(p => p.Step));
        Assert.Equal(3, Enumerable.Range(1, 3).Count(l => double.IsFinite(run.Store.Final(first.Id, $"act_m2_l{l}"))));
        Assert.Equal(6, run.Analysis.Claims.Count);
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.Equal(4, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "sigma-count=1", "sigma-min=0.3", "sigma-max=0.3", "schemes=kaiming"];
        using var one = FamilyRun.Start(new InitVarianceExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new InitVarianceExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, "loss"), two.Store.Metric(spec.Id, "loss"));
    }

    [Fact]
    public void ASweepMemberTrainedInTheEnsembleMatchesItTrainedAlone()
    {
        string[] sweep = [.. Tiny, "precision=float64", "schemes=", "sigma-min=0.05", "sigma-max=0.5", "sigma-count=3"];
        using var together = FamilyRun.Start(new InitVarianceExperiment(), sweep);
        var middle = together.Plan.Runs.Single(r => ((InitVarianceRun)r.Config).Sigma == Math.Round(Math.Sqrt(0.05 * 0.5), 6));
        double sigma = ((InitVarianceRun)middle.Config).Sigma;
        string s = sigma.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        using var alone = FamilyRun.Start(new InitVarianceExperiment(), [.. Tiny, "precision=float64", "schemes=", $"sigma-min={s}", $"sigma-max={s}", "sigma-count=1"]);
        Assert.Equal(middle.Id, Assert.Single(alone.Plan.Runs).Id);
        foreach (var name in new[] { "loss", "test_accuracy", "act_m2_l2", "grad_norm_l3" })
        {
            var a = alone.Store.Metric(middle.Id, name);
            var b = together.Store.Metric(middle.Id, name);
            Assert.Equal(a.Select(p => p.Step), b.Select(p => p.Step));
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i].Value - b[i].Value) <= 1e-10 * Math.Abs(a[i].Value), $"{name}[{i}]: {a[i].Value:R} vs {b[i].Value:R}");
        }
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new InitVarianceExperiment();
        Assert.Contains("scheme", Assert.Throws<BadInputException>(() => e.Plan("quick", ["schemes=lecun"])).Message);
        Assert.Contains("precision", Assert.Throws<BadInputException>(() => e.Plan("quick", ["precision=half"])).Message);
        Assert.Contains("finite", Assert.Throws<BadInputException>(() => e.Plan("quick", ["sigma-max=nan"])).Message);
        Assert.Contains("> 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["learning-rate=-1"])).Message);
        Assert.Contains("one of", Assert.Throws<BadInputException>(() => e.Plan("quick", ["schemes=1"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => e.Plan("quick", ["data=/no/such/folder"])).Message);
    }
}

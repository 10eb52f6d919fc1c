using System.Xml.Linq;
using Tdlab.Experiments.Lipschitz;
using Tdlab.Lab;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class LipschitzTests
{
    private static readonly string[] Tiny =
    [
        "depth=2", "width=12", "epochs=2", "train-size=128", "test-size=64", "input-dim=6", "classes=3", "probe-size=16",
        "widths=[2,8,32]", "sweep-train-size=64", "sweep-test-size=64", "sweep-epochs=4", "sweep-batch-size=32", "sweep-log-every=2",
    ];

    [Fact]
    public void GridIsTheThreeVariantsPlusTheWidthSweep()
    {
        var plan = new LipschitzExperiment().Plan("quick", [], seeds: 2);
        var runs = plan.Runs.Select(r => (LipschitzRun)r.Config).ToList();
        Assert.Equal((3 + 9) * 2, runs.Count);
        Assert.Equal(["plain", "spectral-norm", "weight-decay"], runs.Where(r => r.IsVariant).Select(r => r.Variant).Distinct().Order());
        Assert.All(runs.Where(r => r.IsVariant), r => Assert.Equal(r.Variant == "weight-decay" ? 5e-3 : 0, r.WeightDecay));
        var widths = runs.Where(r => r.IsWidth).Select(r => r.Width).Distinct().ToArray();
        Assert.Equal([2, 4, 8, 16, 32, 64, 128, 256, 512], widths);
        Assert.All(runs.Where(r => r.IsWidth), r => Assert.Equal(0.2, r.LabelNoise));
    }

    [Fact]
    public void TinySweepStoresProbesAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new LipschitzExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        var variant = run.Plan.Runs.First(r => ((LipschitzRun)r.Config).IsVariant);
        Assert.Equal([0, 1, 2], run.Store.Metric(variant.Id, "log_upper").Select(p => p.Step));
        Assert.Equal(3, Enumerable.Range(1, 3).Count(l => double.IsFinite(run.Store.Final(variant.Id, $"sn_l{l}"))));
        var width = run.Plan.Runs.First(r => ((LipschitzRun)r.Config).IsWidth);
        Assert.Equal([0, 2, 4], run.Store.Metric(width.Id, "lower").Select(p => p.Step));
        Assert.Equal(6, run.Analysis.Claims.Count);
        Assert.DoesNotContain(run.Analysis.Claims, c => c.Id == "claims-error");
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        // the bounds are mathematical facts of the stored metrics: they must hold at any scale
        Assert.True(run.Analysis.Claims.Single(c => c.Id == "lower-below-upper").Holds);
        Assert.True(run.Analysis.Claims.Single(c => c.Id == "power-iteration-matches-svd").Holds);
        Assert.Equal(4, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "variants=spectral-norm", "widths=[4]"];
        using var one = FamilyRun.Start(new LipschitzExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new LipschitzExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            foreach (var name in new[] { "loss", "log_upper", "lower" })
                Assert.Equal(one.Store.Metric(spec.Id, name), two.Store.Metric(spec.Id, name));
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.4, 0.3, 0.2 }, 0.0, -1)]
    [InlineData(new[] { 0.5, 0.3, 0.45, 0.2 }, 0.15, 2)]
    [InlineData(new[] { 0.5, 0.3, 0.35, 0.25, 0.4 }, 0.15, 4)]
    public void PeakAboveEnvelopeIsTheLargestRiseOverTheRunningMinimum(double[] curve, double height, int index)
    {
        var (h, at) = LipschitzExperiment.PeakAboveEnvelope(curve);
        Assert.Equal(height, h, 12);
        Assert.Equal(index, at);
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new LipschitzExperiment();
        Assert.Contains("variant", Assert.Throws<BadInputException>(() => e.Plan("quick", ["variants=dropout"])).Message);
        Assert.Contains("optimizer", Assert.Throws<BadInputException>(() => e.Plan("quick", ["optimizer=lbfgs"])).Message);
        Assert.Contains("label-noise", Assert.Throws<BadInputException>(() => e.Plan("quick", ["label-noise=1.5"])).Message);
        Assert.Contains("activation", Assert.Throws<BadInputException>(() => e.Plan("quick", ["activation=swish"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => e.Plan("quick", ["data=/no/such/folder"])).Message);
    }
}

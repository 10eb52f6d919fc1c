using System.Xml.Linq;
using Tdlab.Experiments.LazyVsFeature;
using Tdlab.Lab;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class LazyVsFeatureTests
{
    private static readonly string[] Tiny =
        ["widths=8,16", "scale-count=3", "train-size=32", "test-size=32", "probe-size=6", "max-steps=20", "input-dim=4"];

    [Fact]
    public void GridIsWidthsTimesLogScales()
    {
        var runs = new LazyVsFeatureExperiment().Plan("quick", []).Runs.Select(r => (LazyVsFeatureRun)r.Config).ToList();
        Assert.Equal(3 * 7 * 3, runs.Count);   // widths x scales x 3 seeds
        var scales = runs.Select(r => r.Scale).Distinct().Order().ToArray();
        Assert.Equal(0.01, scales[0]);
        Assert.Equal(100, scales[^1]);
        var r0 = runs.First(r => r.Width == 64 && r.Scale == 1);
        Assert.Equal(1 / 8.0, r0.Alpha, 15);
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new LazyVsFeatureExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        foreach (var spec in run.Plan.Runs)
        {
            // the kernel computed by Jacobian contraction and by NTK-vector products agrees
            Assert.True(run.Store.Final(spec.Id, "ntk_agreement") < 1e-10);
            Assert.True(run.Store.Final(spec.Id, "ntk_change") >= 0);
        }

        Assert.Equal(3, run.Analysis.Claims.Count);
        Assert.DoesNotContain(run.Analysis.Claims, c => c.Id == "claims-error");
        Assert.Equal(4, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "widths=8", "scale-count=1", "scale-min=0.1", "scale-max=0.1"];
        using var one = FamilyRun.Start(new LazyVsFeatureExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new LazyVsFeatureExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, "loss"), two.Store.Metric(spec.Id, "loss"));
    }

    [Fact]
    public void SpearmanAndCollapseSpreadsOfKnownCurves()
    {
        Assert.Equal(-1, LazyVsFeatureExperiment.Spearman([1, 2, 3, 4], [9, 5, 2, 1]), 12);
        // Two widths whose values depend on alpha sqrt(m) only: zero spread at fixed alpha sqrt(m), nonzero at fixed alpha.
        var points = new[] { 4, 16 }.SelectMany(m => new[] { 0.1, 1, 10 }.Select(s =>
            new LazyVsFeatureExperiment.GridPoint(m, s, new(Math.Log(s), 0, 1, 1), default, default, default))).ToList();
        var (atScale, atAlpha) = LazyVsFeatureExperiment.CollapseSpreads(points, p => p.TestError.Mean, log: false);
        Assert.Equal(0, atScale, 12);
        Assert.True(atAlpha > 0.5);
        // standard error of the mean over 4 seeds, std / sqrt(4), root-mean-square over points
        var noisy = new[] { 0.02, 0.04 }.Select(sd => new LazyVsFeatureExperiment.GridPoint(4, sd, new(0.1, sd, 4, 4), default, default, default)).ToList();
        Assert.Equal(Math.Sqrt((0.01 * 0.01 + 0.02 * 0.02) / 2), LazyVsFeatureExperiment.StandardError(noisy), 12);
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new LazyVsFeatureExperiment();
        Assert.Contains("widths", Assert.Throws<BadInputException>(() => e.Plan("quick", ["widths=0"])).Message);
        Assert.Contains("probe-size", Assert.Throws<BadInputException>(() => e.Plan("quick", ["probe-size=1000"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => e.Plan("quick", ["data=/no/such/folder"])).Message);
    }
}

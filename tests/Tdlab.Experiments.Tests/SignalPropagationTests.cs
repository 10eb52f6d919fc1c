using System.Xml.Linq;
using Tdlab.Experiments.SignalPropagation;
using Tdlab.Lab;
using Tdlab.Lab.Store;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Tests;

public class SignalPropagationTests
{
    private static readonly string[] Tiny =
    [
        "width=64", "relu-layers=4", "relu-nets=3", "relu-batch=4", "rhos=0.8,1.2", "tanh-weight-variances=0.6,3",
        "tanh-bias-variances=0.1", "tanh-layers=6", "tanh-batch=4",
    ];

    [Fact]
    public void OneLayerMomentsMatchAHandComputation()
    {
        // Depth 1, width 2, no bias: E a_1^2 and the input gradient follow from the same draws re-done by hand.
        var m = RandomNet.Simulate(relu: true, n: 2, layers: 1, batch: 1, weightVariance: 1, biasVariance: 0, inputVariance: 1, new Rng(5, "t"));
        var rng = new Rng(5, "t");
        var x = new double[2];
        rng.Child("input").Normal<double>(x, 0, 1);
        var w = new double[4];
        var b = new double[2];
        var lr = rng.Child("layer1");
        lr.Normal<double>(w, 0, 1);
        lr.Normal<double>(b, 0, 0);
        var h = new[] { w[0] * x[0] + w[1] * x[1], w[2] * x[0] + w[3] * x[1] };
        Assert.Equal((x[0] * x[0] + x[1] * x[1]) / 2, m.Activation[0], 12);
        Assert.Equal((Math.Pow(Math.Max(0, h[0]), 2) + Math.Pow(Math.Max(0, h[1]), 2)) / 2, m.Activation[1], 12);
        var g = new double[2];
        rng.Child("cotangent").Normal<double>(g, 0, 1);
        var gh = new[] { h[0] > 0 ? g[0] : 0, h[1] > 0 ? g[1] : 0 };
        var gx = new[] { gh[0] * w[0] + gh[1] * w[2], gh[0] * w[1] + gh[1] * w[3] };
        Assert.Equal((gx[0] * gx[0] + gx[1] * gx[1]) / 2, m.ActivationGradient[0], 12);
    }

    [Fact]
    public void GrowthFitIsTheSlopeOfAnExactGeometricProfile()
    {
        // E g_l^2 = 3 * 1.1^(L - l) -> slope ln 1.1 exactly.
        var profile = Enumerable.Range(0, 11).Select(l => 3 * Math.Pow(1.1, 10 - l)).ToArray();
        Assert.Equal(Math.Log(1.1), SignalPropagationExperiment.MeasuredGrowth([profile], 10), 12);
    }

    [Fact]
    public void TinySweepAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new SignalPropagationExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        Assert.Equal(4, run.Analysis.Claims.Count);
        Assert.DoesNotContain(run.Analysis.Claims, c => c.Id == "claims-error");
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        // The ordered and chaotic sample points are far from the line: the measured sign separates them even at width 64.
        Assert.True(run.Analysis.Claims.Single(c => c.Id == "critical-line").Holds);
        Assert.Equal(3, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        using var one = FamilyRun.Start(new SignalPropagationExperiment(), Tiny, threads: 1);
        using var two = FamilyRun.Start(new SignalPropagationExperiment(), Tiny, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, "act_m2"), two.Store.Metric(spec.Id, "act_m2"));
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        var e = new SignalPropagationExperiment();
        Assert.Contains("rhos", Assert.Throws<BadInputException>(() => e.Plan("quick", ["rhos=0,1"])).Message);
        Assert.Contains("q* = 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["tanh-bias-variances=0"])).Message);
    }
}

using System.Xml.Linq;
using Tdlab.Experiments.RnnGating;
using Tdlab.Lab;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class RnnGatingTests
{
    private static readonly string[] Tiny =
    [
        "hidden=8", "sigmas=0.5,2", "orthogonal-gains=2", "lengths=4,6", "steps=4", "log-every=2", "batch-size=4",
        "probe-batch=3", "eval-batch=8", "copy-symbols=2", "alphabet=3",
    ];

    [Fact]
    public void GridIsTheGaussianSweepPlusOrthogonalGainsPerTaskAndModel()
    {
        var plan = new RnnGatingExperiment().Plan("quick", [], seeds: 1);
        var runs = plan.Runs.Select(r => (RnnGatingRun)r.Config).ToList();
        Assert.Equal(2 * 4 * (3 + 1) * 3, runs.Count);
        Assert.Equal(["adding", "copy"], runs.Select(r => r.Task).Distinct().Order());
        Assert.Equal(["gru", "lstm", "minimal", "rnn"], runs.Select(r => r.Model).Distinct().Order());
        Assert.Equal([0.5, 1, 2], runs.Where(r => r.Init == "gaussian").Select(r => r.Sigma).Distinct().Order());
        Assert.Equal([1.0], runs.Where(r => r.Init == "orthogonal").Select(r => r.Sigma).Distinct());
        Assert.All(runs, r => Assert.Equal(32, r.Hidden));
        Assert.Equal([0, 100, 200], runs[0].ProbeSteps);
    }

    [Fact]
    public void TinySweepStoresGradientProfilesAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new RnnGatingExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var spec = run.Plan.Runs.First(s => ((RnnGatingRun)s.Config) is { Task: "copy", Length: 6 });
        // copy with delay 6 and k = 2: length 10, one norm per t, at init and at both probes
        Assert.Equal(Enumerable.Range(1, 10), run.Store.Metric(spec.Id, "hgrad_s0").Select(p => p.Step));
        Assert.All(run.Store.Metric(spec.Id, "hgrad_s0"), p => Assert.True(p.Value > 0));
        Assert.Equal([0, 2, 4], run.Store.Metric(spec.Id, "hgrad_slope").Select(p => p.Step));
        Assert.Equal([0, 4], run.Store.Metric(spec.Id, "eval_loss").Select(p => p.Step));
        Assert.Equal(3, run.Store.Arrays(spec.Id).Count(a => a.Name == "hgrad"));
        Assert.Equal(7, run.Analysis.Claims.Count);
        Assert.DoesNotContain(run.Analysis.Claims, c => c.Id == "claims-error");
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.Equal(5, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "tasks=adding", "models=lstm", "sigmas=1", "orthogonal-gains=", "lengths=5"];
        using var one = FamilyRun.Start(new RnnGatingExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new RnnGatingExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
        {
            Assert.Equal(one.Store.Metric(spec.Id, "loss"), two.Store.Metric(spec.Id, "loss"));
            Assert.Equal(one.Store.Metric(spec.Id, "hgrad_s0"), two.Store.Metric(spec.Id, "hgrad_s0"));
        }
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new RnnGatingExperiment();
        Assert.Contains("models", Assert.Throws<BadInputException>(() => e.Plan("quick", ["models=transformer"])).Message);
        Assert.Contains("tasks", Assert.Throws<BadInputException>(() => e.Plan("quick", ["tasks=parity"])).Message);
        Assert.Contains("sigmas", Assert.Throws<BadInputException>(() => e.Plan("quick", ["sigmas=0"])).Message);
        Assert.Contains("optimizer", Assert.Throws<BadInputException>(() => e.Plan("quick", ["optimizer=lbfgs"])).Message);
    }
}

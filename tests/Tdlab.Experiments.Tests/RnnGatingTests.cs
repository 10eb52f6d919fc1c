using System.Xml.Linq;
using Tdlab.Experiments.RnnGating;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
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
        Assert.Equal([SequenceTask.Copy, SequenceTask.Adding], runs.Select(r => r.Task).Distinct().Order());
        Assert.Equal([RecurrentModel.Rnn, RecurrentModel.Gru, RecurrentModel.Lstm, RecurrentModel.Minimal], runs.Select(r => r.Model).Distinct().Order());
        Assert.Equal([0.5, 1, 2], runs.Where(r => r.Init == WeightInit.Gaussian).Select(r => r.Sigma).Distinct().Order());
        Assert.Equal([1.0], runs.Where(r => r.Init == WeightInit.Orthogonal).Select(r => r.Sigma).Distinct());
        Assert.All(runs, r => Assert.Equal(32, r.Hidden));
        Assert.Equal([0, 100, 200], runs[0].ProbeSteps);
    }

    [Fact]
    public void TinySweepStoresGradientProfilesAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new RnnGatingExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var spec = run.Plan.Runs.First(s => ((RnnGatingRun)s.Config) is { Task: SequenceTask.Copy, Length: 6 });
        // copy with delay 6 and k = 2: length 10, one norm per t, at init and at both probes
        Assert.Equal(Enumerable.Range(1, 10), run.Store.Metric(spec.Id, "hgrad_s0").Select(p => p.Step));
        Assert.All(run.Store.Metric(spec.Id, "hgrad_s0"), p => Assert.True(p.Value > 0));
        Assert.Equal([0, 2, 4], run.Store.Metric(spec.Id, "hgrad_slope").Select(p => p.Step));
        Assert.Equal([0, 4], run.Store.Metric(spec.Id, "eval_loss").Select(p => p.Step));
        Assert.Equal(3, run.Store.Arrays(spec.Id).Count(a => a.Name == "hgrad"));
        Assert.Equal(7, run.Analysis.Claims.Count);
        Assert.Empty(run.Analysis.Checks);
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.All(run.Analysis.Claims, c => Assert.Equal(1, c.N));
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

    [Fact]
    public void APlantedNarrowerGatedRegionTurnsTheWiderRegionClaimToDoesNotHold()
    {
        // Five replicates in which the GRU trains in no cell while the vanilla RNN trains in most.
        var gains = Enumerable.Range(0, 5).Select(rep => RnnGatingExperiment.AreaGain(
            Enumerable.Range(0, 6).SelectMany(cell => new[]
            {
                (RecurrentModel.Gru, 0.9 + 0.01 * cell),
                (RecurrentModel.Rnn, cell < 4 + rep % 2 ? 0.1 : 0.9),
            }), RecurrentModel.Gru)).ToList();
        Assert.All(gains, g => Assert.True(g < -0.5));
        var claim = RnnGatingExperiment.WiderRegion[RecurrentModel.Gru].Decide("rnn-gating", Estimate.Mean(gains));
        Assert.Equal(Verdict.DoesNotHold, claim.Verdict);

        // and orthogonal losing to Gaussian in every replicate turns that claim to does not hold.
        var ratios = Enumerable.Range(0, 5).Select(rep => RnnGatingExperiment.LogLossRatio([0.9, 1.0 + 0.01 * rep], [0.3, 0.4])).ToList();
        Assert.Equal(Verdict.DoesNotHold, RnnGatingExperiment.OrthogonalBeatsGaussian.Decide("rnn-gating", Estimate.Mean(ratios)).Verdict);
    }
}

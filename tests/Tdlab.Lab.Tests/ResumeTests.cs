using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

public class ResumeTests
{
    private readonly QuadraticToy _toy = new();

    private ExperimentPlan Plan() => _toy.Plan("quick", ["learning-rates=0.1,0.2,0.3,0.4,0.5", "noise=0.1"], seeds: 2);

    [Fact]
    public void Second_run_skips_everything_already_complete_or_diverged()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        ExperimentPlan plan = _toy.Plan("quick", ["nan-learning-rate=0.5"]);
        Sweeps.Run(store, plan);
        List<string> before = Sweeps.Dump(store);

        SweepSummary again = Sweeps.Run(store, plan);
        Assert.Equal(plan.Runs.Count, again.Skipped);
        Assert.Empty(again.Outcomes);
        Assert.Equal(before, Sweeps.Dump(store));
    }

    [Fact]
    public void A_run_left_running_by_a_killed_process_is_run_again_and_replaced()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        ExperimentPlan plan = Plan();
        Sweeps.Run(store, plan);
        List<string> clean = Sweeps.Dump(store);

        // What kill -9 leaves behind: one run re-marked running (its finished rows are deleted with it).
        RunSpec victim = plan.Runs[3];
        store.MarkRunning(victim, DateTimeOffset.UtcNow, 1);
        Assert.Equal(RunStatus.Running, store.Run(victim.Id)!.Status);
        Assert.Empty(store.Metric(victim.Id, "loss"));

        SweepSummary resumed = Sweeps.Run(store, plan, threads: 2);
        Assert.Equal(victim.Id, Assert.Single(resumed.Outcomes).Spec.Id);
        Assert.Equal(plan.Runs.Count - 1, resumed.Skipped);
        Assert.Equal(clean, Sweeps.Dump(store));
    }

    [Fact]
    public void Cancelled_sweep_resumes_with_nothing_lost_or_run_twice()
    {
        ExperimentPlan plan = Plan();
        List<string> clean;
        using (var reference = new TempDir())
        {
            RunStore refStore = RunStore.Open(reference.Path);
            Sweeps.Run(refStore, plan);
            clean = Sweeps.Dump(refStore);
        }

        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        using var cts = new CancellationTokenSource();
        SweepSummary first = Sweeps.Run(store, plan, threads: 2, new CancelAfter(3, cts), cts.Token);
        Assert.True(first.Cancelled);
        Assert.InRange(first.Outcomes.Count, 3, 4);
        Assert.All(store.Runs("toy-quadratic"), r => Assert.Equal(RunStatus.Complete, r.Status));

        SweepSummary second = Sweeps.Run(store, plan, threads: 2);
        Assert.Equal(first.Outcomes.Count, second.Skipped);
        Assert.Equal(plan.Runs.Count, first.Outcomes.Count + second.Outcomes.Count);
        Assert.Empty(first.Outcomes.Select(o => o.Spec.Id).Intersect(second.Outcomes.Select(o => o.Spec.Id)));
        Assert.Equal(clean, Sweeps.Dump(store));
    }

    [Fact]
    public void A_failed_run_is_retried_on_resume()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", ["learning-rates=0.1,0.2", "fail-learning-rate=0.2"], seeds: 1));
        SweepSummary again = Sweeps.Run(store, _toy.Plan("quick", ["learning-rates=0.1,0.2", "fail-learning-rate=0.2"], seeds: 1));
        Assert.Equal(1, again.Skipped);
        Assert.Single(again.Failures);
    }

    /// <summary>Cancels the sweep after a number of finished runs (as Ctrl-C would).</summary>
    private sealed class CancelAfter(int runs, CancellationTokenSource cts) : ISweepProgress
    {
        private int _done;

        public void Started(ExperimentPlan plan, int pending, int skipped)
        {
        }

        public void RunFinished(RunOutcome outcome)
        {
            if (Interlocked.Increment(ref _done) == runs)
                cts.Cancel();
        }

        public void Finished(SweepSummary summary)
        {
        }
    }
}

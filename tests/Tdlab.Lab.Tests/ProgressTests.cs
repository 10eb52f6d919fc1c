using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

/// <summary>
/// Progress inside long runs: a run's TrainingLoop reports its steps; the runner passes them on throttled, to the
/// sweep's progress and to the store's progress table, which holds them while the run is computed and drops them
/// with its result; short runs report nothing; progress changes no stored metric; the console prints it sparingly.
/// </summary>
public class ProgressTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(60);

    [Fact]
    public void A_long_run_reports_its_steps_throttled_to_the_sweep_and_the_store_until_it_ends()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var toy = new SlowQuadraticToy(steps: 100, perStep: TimeSpan.FromMilliseconds(4));
        ExperimentPlan plan = toy.Plan("quick", ["learning-rates=0.1,0.5", "steps=10"], seeds: 1);
        var recorder = new Recorder(store);

        new SweepRunner(store, 1, recorder) { ProgressInterval = Interval }.Run(toy, plan);

        foreach (RunSpec spec in plan.Runs)
        {
            var mine = recorder.Reports.Where(r => r.Progress.RunIds.SequenceEqual([spec.Id])).ToList();
            Assert.InRange(mine.Count, 2, 50);    // 100 steps of >= 4 ms, one report per 60 ms at most
            Assert.All(mine, r => Assert.Equal(("step", 100, "toy-quadratic"), (r.Progress.Unit, r.Progress.Total, r.Progress.Experiment)));
            Assert.True(mine[0].Progress.Elapsed >= Interval, "the first report waits one interval");
            for (int i = 1; i < mine.Count; i++)
            {
                Assert.True(mine[i].Progress.Elapsed - mine[i - 1].Progress.Elapsed >= Interval, "throttled");
                Assert.True(mine[i].Progress.Done > mine[i - 1].Progress.Done);
            }

            Assert.NotNull(mine[^1].Progress.Eta);
            // The store held the report when the sweep heard of it, for this run alone.
            Assert.All(mine, r => Assert.Equal([(spec.Id, r.Progress.Done, 100, "step")],
                r.Stored.Select(s => (s.RunId, s.Done, s.Total, s.Unit))));
        }

        Assert.Empty(store.Progress());    // dropped with each run's result
        Assert.Empty(RunStore.OpenReadOnly(dir.Path).Progress());
    }

    [Fact]
    public void An_ensemble_group_reports_once_for_its_pending_members()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var toy = new SlowQuadraticToy(steps: 60, perStep: TimeSpan.FromMilliseconds(4), ensemble: true);
        ExperimentPlan plan = toy.Plan("quick", ["learning-rates=0.1,0.2,0.5", "steps=10"], seeds: 1);
        var recorder = new Recorder(store);

        new SweepRunner(store, 1, recorder) { ProgressInterval = Interval }.Run(toy, plan);

        Assert.NotEmpty(recorder.Reports);
        string[] ids = [.. plan.Runs.Select(r => r.Id)];
        Assert.All(recorder.Reports, r => Assert.Equal(ids, r.Progress.RunIds));
        Assert.All(recorder.Reports, r => Assert.Equal(ids.Order(StringComparer.Ordinal), r.Stored.Select(s => s.RunId)));
        Assert.EndsWith(" +2", recorder.Reports[0].Progress.Label);
        Assert.Empty(store.Progress());
    }

    [Fact]
    public void A_cancelled_run_leaves_no_progress_behind()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var toy = new SlowQuadraticToy(steps: 1000, perStep: TimeSpan.FromMilliseconds(4));
        using var cts = new CancellationTokenSource();
        var recorder = new Recorder(store, cts.Cancel);

        SweepSummary summary = new SweepRunner(store, 1, recorder) { ProgressInterval = Interval }
            .Run(toy, toy.Plan("quick", ["learning-rates=0.1", "steps=10"], seeds: 1), cts.Token);

        Assert.True(summary.Cancelled);
        Assert.Single(Assert.Single(recorder.Reports).Stored);    // the row was there while the run was computed
        Assert.Empty(store.Progress());                           // and went with the cancelled run
    }

    [Fact]
    public void Progress_changes_no_stored_metric_and_short_runs_report_nothing()
    {
        using var plainDir = new TempDir();
        using var slowDir = new TempDir();
        RunStore plain = RunStore.Open(plainDir.Path), slow = RunStore.Open(slowDir.Path);
        string[] overrides = ["learning-rates=0.1,0.5,50", "steps=30"];
        var quiet = new Recorder(plain);
        Sweeps.Run(plain, new QuadraticToy().Plan("quick", overrides, seeds: 2), progress: quiet);
        var toy = new SlowQuadraticToy(steps: 30, perStep: TimeSpan.FromMilliseconds(4));
        new SweepRunner(slow, 2, new Recorder(slow)) { ProgressInterval = Interval }.Run(toy, toy.Plan("quick", overrides, seeds: 2));

        Assert.Empty(quiet.Reports);    // the default interval (2 s) is longer than these runs
        Assert.Equal(Sweeps.Dump(plain), Sweeps.Dump(slow));
    }

    [Fact]
    public void The_console_prints_a_units_progress_at_most_once_per_interval()
    {
        var output = new StringWriter();
        var console = new ConsoleProgress(output);
        string[] ids = ["3fa2c1d04e5f6a7b", "0123456789abcdef"];
        for (int s = 2; s <= 30; s += 2)
            console.RunAdvanced(new RunProgress("init-variance", ids, s * 10, 400, "step", TimeSpan.FromSeconds(s),
                TimeSpan.FromSeconds(40 - s)));

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["[init-variance 3fa2c1d0… +1] step 100/400, eta 30 s", "[init-variance 3fa2c1d0… +1] step 200/400, eta 20 s",
            "[init-variance 3fa2c1d0… +1] step 300/400, eta 10 s"], lines.Select(l => l.TrimEnd('\r')));
    }

    /// <summary>Records each progress report with the store's progress rows at that moment, then calls <c>onReport</c>.</summary>
    private sealed class Recorder(RunStore store, Action? onReport = null) : ISweepProgress
    {
        private readonly Lock _lock = new();

        public List<(RunProgress Progress, IReadOnlyList<StoredProgress> Stored)> Reports { get; } = [];

        public void Started(ExperimentPlan plan, int pending, int skipped)
        {
        }

        public void RunAdvanced(RunProgress progress)
        {
            IReadOnlyList<StoredProgress> stored = store.Progress(progress.Experiment);
            lock (_lock)
                Reports.Add((progress, stored));
            onReport?.Invoke();
        }

        public void RunFinished(RunOutcome outcome)
        {
        }

        public void Finished(SweepSummary summary)
        {
        }
    }
}

using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Serve.Tests;

public class SweepEtaTests
{
    [Fact]
    public void Waiting_runs_share_the_workers_at_the_mean_run_time_after_the_runs_in_flight()
    {
        using var dir = new TempDir();
        ToyStores.Finished(dir.Path);
        ExperimentReport full = ReportBuilder.Build(RunStore.OpenReadOnly(dir.Path), ToyStores.Experiments[0])!;
        // Pretend 2 of the 6 runs are stored (the rest waiting), one more in flight with 4 s to go.
        List<RunRecord> two = [.. full.Runs.Take(2)];
        ExperimentReport partial = full with { Runs = two };
        DateTimeOffset now = two.Max(r => r.EndedAt!.Value).AddSeconds(1);
        var live = new StoredProgress("x", full.Name, 1, 10, "step", 4.0, now, now);
        double mean = two.Average(r => r.Seconds!.Value);
        double expected = 4.0 + (6 - 2 - 1) * mean / Math.Max(1, full.Sweep.Threads);
        Assert.Equal(expected, SweepEta.Estimate(partial, [live], now)!.Value, 12);
        // Nothing left: no ETA. Nothing in flight and nothing stored for a while: the sweep stopped, no ETA.
        Assert.Null(SweepEta.Estimate(full, [], now));
        Assert.Null(SweepEta.Estimate(partial, [], now + SweepEta.StaleAfter + TimeSpan.FromSeconds(1)));
        Assert.NotNull(SweepEta.Estimate(partial, [], now));
    }
}

using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;

namespace Tdlab.Serve;

/// <summary>
/// The estimated seconds until an experiment's sweep is done, from the store's progress table and the runs already
/// finished. With <c>k</c> runs in flight (each with its own ETA), <c>m</c> runs still waiting and a mean run time
/// <c>t</c> of the sweep's finished runs, the estimate is max(in-flight ETA) + m * t / max(k, 1): the waiting runs
/// share the k workers seen computing. Null when nothing is left, or when runs wait and no run has finished yet
/// (no rate to go by) or nothing is computing them.
/// </summary>
public static class SweepEta
{
    /// <summary>A progress row not replaced for this long belongs to a process that stopped (killed or cancelled).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    public static bool IsStale(StoredProgress p, DateTimeOffset now) => now - p.UpdatedAt > StaleAfter;

    public static double? Estimate(ExperimentReport report, IReadOnlyList<StoredProgress> live)
    {
        int done = report.Runs.Count(r => r.Status is RunStatus.Complete or RunStatus.Diverged);
        int left = report.Plan.Runs.Count - done;
        if (left <= 0 || live.Count == 0)
            return null;
        double inFlight = live.Max(p => p.EtaSeconds ?? 0);
        int waiting = Math.Max(0, left - live.Count);
        if (waiting == 0)
            return live.All(p => p.EtaSeconds is not null) ? inFlight : null;
        double[] seconds = report.Runs.Where(r => r.Seconds is not null).Select(r => r.Seconds!.Value).ToArray();
        if (seconds.Length == 0)
            return null;
        return inFlight + waiting * seconds.Average() / live.Count;
    }
}

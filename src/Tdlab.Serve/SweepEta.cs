using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;

namespace Tdlab.Serve;

/// <summary>
/// The estimated seconds until an experiment's sweep is done, from the store's progress table and the runs already
/// finished. With the runs in flight (each with its own ETA in the progress table), <c>m</c> runs still waiting, a
/// mean run time <c>t</c> of the sweep's finished runs and <c>w</c> workers (the sweep's threads, or the runs seen in
/// flight if more), the estimate is max(in-flight ETA) + m * t / w. Null when nothing is left, when the sweep looks
/// stopped (nothing in flight and no run stored for <see cref="StaleAfter"/>), or when runs wait and none has
/// finished yet (no rate to go by).
/// </summary>
public static class SweepEta
{
    /// <summary>A progress row not replaced for this long belongs to a process that stopped (killed or cancelled).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    public static bool IsStale(StoredProgress p, DateTimeOffset now) => now - p.UpdatedAt > StaleAfter;

    /// <param name="live">The experiment's progress rows that are not stale.</param>
    public static double? Estimate(ExperimentReport report, IReadOnlyList<StoredProgress> live, DateTimeOffset now)
    {
        int done = report.Runs.Count(r => r.Status is RunStatus.Complete or RunStatus.Diverged);
        int left = report.Plan.Runs.Count - done;
        bool active = live.Count > 0 || report.Runs.Any(r => now - (r.EndedAt ?? r.StartedAt) < StaleAfter);
        if (left <= 0 || !active)
            return null;
        double inFlight = live.Count == 0 ? 0 : live.Max(p => p.EtaSeconds ?? 0);
        int waiting = Math.Max(0, left - live.Count);
        if (waiting == 0)
            return live.All(p => p.EtaSeconds is not null) ? inFlight : null;
        double[] seconds = report.Runs.Where(r => r.Seconds is not null).Select(r => r.Seconds!.Value).ToArray();
        if (seconds.Length == 0)
            return null;
        int workers = Math.Max(1, Math.Max(report.Sweep.Threads, live.Count));
        return inFlight + waiting * seconds.Average() / workers;
    }
}

using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>What a sweep did: runs skipped (already in the store), outcomes of the runs it ran, and whether Ctrl-C stopped it.</summary>
public sealed record SweepSummary(string Experiment, int Total, int Skipped, IReadOnlyList<RunOutcome> Outcomes, bool Cancelled)
{
    public int Count(RunStatus status) => Outcomes.Count(o => o.Status == status);

    /// <summary>Runs neither skipped nor finished (cancelled before or while running).</summary>
    public int NotRun => Total - Skipped - Outcomes.Count;

    public IEnumerable<RunOutcome> Failures => Outcomes.Where(o => o.Status == RunStatus.Failed);
}

using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>Receives progress of a sweep; called from worker threads, so implementations must be thread-safe.</summary>
public interface ISweepProgress
{
    /// <summary>A sweep starts: <paramref name="pending"/> runs to do, <paramref name="skipped"/> already in the store.</summary>
    void Started(ExperimentPlan plan, int pending, int skipped);

    void RunFinished(RunOutcome outcome);

    /// <summary>
    /// A run or ensemble group in flight has got further (at most one call per unit every couple of seconds, none
    /// for short units). A default that ignores it, so that implementations that only count runs need not change.
    /// </summary>
    void RunAdvanced(RunProgress progress)
    {
    }

    void Finished(SweepSummary summary);
}

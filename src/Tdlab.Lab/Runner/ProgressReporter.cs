using System.Diagnostics;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Takes a unit's <see cref="RunContext.Progress"/> calls (every step, from the run's thread) and passes at most
/// one every <paramref name="interval"/> on to the sweep's <see cref="ISweepProgress"/> and to the store's progress
/// table. The first goes out only after the unit has run for an interval, so runs shorter than that report nothing
/// and cost one clock read per call. The ETA is the rate since the first call (set-up such as loading data is not
/// counted) times what is left. The store write is best effort and never waits (<see cref="RunStore.TryWriteProgress"/>),
/// and nothing here touches the run's metrics or random streams, so stored results do not depend on progress.
/// </summary>
internal sealed class ProgressReporter(RunStore store, ISweepProgress? sink, string experiment,
    IReadOnlyList<string> runIds, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private long _due = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency);
    private long _firstAt;
    private int _firstDone = -1;

    /// <summary>How many reports went out (for tests).</summary>
    public int Reports { get; private set; }

    public void Report(int done, int total, string unit)
    {
        long now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (_firstDone < 0)
                (_firstDone, _firstAt) = (done, now);
            if (now < _due)
                return;
            _due = now + (long)(interval.TotalSeconds * Stopwatch.Frequency);
            Reports++;
        }

        TimeSpan? eta = done > _firstDone && total >= done
            ? Stopwatch.GetElapsedTime(_firstAt, now) * ((double)(total - done) / (done - _firstDone))
            : null;
        var progress = new RunProgress(experiment, runIds, done, total, unit, Stopwatch.GetElapsedTime(_start, now), eta);
        store.TryWriteProgress(experiment, runIds, done, total, unit, eta?.TotalSeconds, _startedAt);
        sink?.RunAdvanced(progress);
    }
}

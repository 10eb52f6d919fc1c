using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Tdlab.Kernels;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Runs a plan's runs in parallel, skipping runs whose status in the store is complete or diverged.
/// The unit of work is a run, or an ensemble group: runs the experiment gives one
/// <see cref="IExperiment.EnsembleKey"/> (one architecture, differing only in seed or scale) train together
/// in one batched pass. Groups come from the whole plan, and a group with any pending member is executed
/// whole (only pending members are stored), so a run always executes the same way whatever the store held.
/// With at least as many units as threads, each worker runs one unit at a time on one kernel thread
/// (<c>Parallelism.Limit(1)</c>); with fewer units, each gets threads / workers kernel threads.
/// Results are stored keyed by run id and every draw derives from the run's seed, so the stored metrics do
/// not depend on the thread count. A NaN/Inf loss marks a run diverged, an exception marks it failed; the
/// sweep goes on. On cancellation no new unit starts, and runs in flight are cancelled and removed so that
/// they run on resume.
/// Before computing a unit the runner claims its pending runs with a lease in the store (renewed while it
/// works); a unit leased by another process is put back and retried until that process stores it or its
/// lease expires, so two processes on one store compute each run once and both end with the whole sweep.
/// A failing store write (disk full, read-only) stops the sweep: runs in flight are cancelled, leases
/// dropped where possible, and the write's <see cref="IOException"/> is rethrown; no run is left "running".
/// Each unit's <see cref="RunContext.Progress"/> reports reach <paramref name="progress"/> and the store's progress
/// table at most once per <see cref="ProgressInterval"/> (<see cref="ProgressReporter"/>).
/// </summary>
public sealed class SweepRunner(RunStore store, int threads, ISweepProgress? progress = null)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly int _threads = Math.Max(1, threads);
    private readonly string _owner = LeaseOwner.New();

    /// <summary>
    /// How often a unit in flight may report its progress (terminal and store). Two seconds: often enough for an
    /// ETA to feel live, rare enough that the store write (about a millisecond) costs nothing measurable.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many units this runner computed (each execution of a run or ensemble counts once).</summary>
    public int Executions => _executions;

    private int _executions;

    public SweepSummary Run(IExperiment experiment, ExperimentPlan plan, CancellationToken cancellation = default)
    {
        Dictionary<string, RunStatus> stored = store.Runs(plan.Experiment).ToDictionary(r => r.Id, r => r.Status);
        var pendingIds = plan.Runs
            .Where(r => !stored.TryGetValue(r.Id, out RunStatus s) || s is RunStatus.Running or RunStatus.Failed)
            .Select(r => r.Id)
            .ToHashSet();
        List<List<RunSpec>> units = WorkUnits.Of(experiment, plan)
            .Where(group => group.Any(r => pendingIds.Contains(r.Id)))
            .ToList();
        int skipped = plan.Runs.Count - pendingIds.Count;
        int workers = Math.Max(1, Math.Min(_threads, units.Count));
        int kernelThreads = Math.Max(1, _threads / workers);

        DateTimeOffset sweepStart = DateTimeOffset.UtcNow;
        long sweepId = store.BeginSweep(plan, _threads);
        progress?.Started(plan, pendingIds.Count, skipped);
        var outcomes = new List<RunOutcome>[units.Count];
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, units.Count));
        int remaining = units.Count;
        Exception? fatal = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        void Work()
        {
            using Parallelism.Scope scope = Parallelism.Limit(kernelThreads);
            while (!stop.IsCancellationRequested && Volatile.Read(ref remaining) > 0)
            {
                if (!queue.TryDequeue(out int i))
                {
                    Thread.Sleep(Poll);    // the last units are with other workers or other processes
                    continue;
                }

                try
                {
                    HashSet<string> mine = units[i].Where(r => pendingIds.Contains(r.Id)).Select(r => r.Id).ToHashSet();
                    if (!store.TryClaim(mine, _owner))
                    {
                        queue.Enqueue(i);    // another process computes it: retry after its result or lease expiry
                        Thread.Sleep(Poll);
                        continue;
                    }

                    // Another process may have stored the unit between our plan and our claim.
                    mine.RemoveWhere(id => DoneSince(id, sweepStart));
                    if (mine.Count == 0)
                    {
                        store.Release(_owner, units[i].Select(r => r.Id));
                        Interlocked.Decrement(ref remaining);
                        continue;
                    }

                    Interlocked.Increment(ref _executions);
                    outcomes[i] = units[i].Count == 1
                        ? [.. OneOrNone(RunOne(experiment, units[i][0], kernelThreads, stop.Token))]
                        : RunEnsemble(experiment, units[i], mine, kernelThreads, stop.Token);
                    foreach (RunOutcome o in outcomes[i])
                        progress?.RunFinished(o);
                    Interlocked.Decrement(ref remaining);
                }
                catch (Exception e)
                {
                    // Run exceptions are caught inside RunOne/RunEnsemble: this is the store failing.
                    Interlocked.CompareExchange(ref fatal, e, null);
                    stop.Cancel();
                }
            }
        }

        using (new Timer(_ => Renew(), null, RunStore.LeaseTime / 3, RunStore.LeaseTime / 3))
        {
            Thread[] pool = Enumerable.Range(0, workers - 1)
                .Select(_ => new Thread(Work) { IsBackground = true, Name = "tdlab-run" }).ToArray();
            foreach (Thread t in pool)
                t.Start();
            Work();
            foreach (Thread t in pool)
                t.Join();
        }

        TryRelease();    // leases of units that were claimed but cancelled before they started
        if (fatal is not null)
            ExceptionDispatchInfo.Throw(fatal);

        store.EndSweep(sweepId);
        var summary = new SweepSummary(plan.Experiment, plan.Runs.Count, skipped,
            outcomes.Where(o => o is not null).SelectMany(o => o).ToList(), cancellation.IsCancellationRequested);
        progress?.Finished(summary);
        return summary;
    }

    /// <summary>Whether a run is stored as done: complete or diverged, or failed in a try that began after ours.</summary>
    private bool DoneSince(string runId, DateTimeOffset sweepStart) =>
        store.Run(runId) is { } r
        && (r.Status is RunStatus.Complete or RunStatus.Diverged || (r.Status == RunStatus.Failed && r.StartedAt >= sweepStart));

    /// <summary>Renews this runner's leases; a failed renewal is retried at the next tick (a timer must not throw).</summary>
    private void Renew()
    {
        try
        {
            store.Renew(_owner);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Drops this runner's remaining leases, if the store still takes writes; else they expire.</summary>
    private void TryRelease()
    {
        try
        {
            store.Release(_owner);
        }
        catch (IOException)
        {
        }
    }

    private static IEnumerable<RunOutcome> OneOrNone(RunOutcome? outcome) => outcome is null ? [] : [outcome];

    private RunOutcome? RunOne(IExperiment experiment, RunSpec spec, int kernelThreads, CancellationToken cancellation)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        RunContext context = experiment.CreateContext(spec, store.OutDir, cancellation);
        context.Reporter = new ProgressReporter(store, progress, spec.Experiment, [spec.Id], ProgressInterval);
        RunStatus status = RunStatus.Complete;
        string? message = null;
        try
        {
            experiment.Execute(context);
        }
        catch (RunDivergedException)
        {
            status = RunStatus.Diverged;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            store.Forget(spec.Id);
            return null;
        }
        catch (Exception e)
        {
            status = RunStatus.Failed;
            message = $"{e.GetType().Name}: {e.Message}";
        }

        return Finish(context, status, message, started, kernelThreads);
    }

    /// <summary>Executes a whole ensemble group and stores its pending members, each with its own status.</summary>
    private List<RunOutcome> RunEnsemble(IExperiment experiment, List<RunSpec> group, HashSet<string> pendingIds,
        int kernelThreads, CancellationToken cancellation)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var pending = group.Where(r => pendingIds.Contains(r.Id)).ToList();
        var reporter = new ProgressReporter(store, progress, group[0].Experiment, pending.Select(r => r.Id).ToList(),
            ProgressInterval);
        var contexts = group.Select(spec =>
        {
            RunContext c = experiment.CreateContext(spec, store.OutDir, cancellation);
            c.EndsOnDivergence = false;
            c.Reporter = reporter;
            return c;
        }).ToList();
        string? failure = null;
        try
        {
            experiment.ExecuteEnsemble(contexts);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            foreach (RunSpec spec in pending)
                store.Forget(spec.Id);
            return [];
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        return contexts.Where(c => pendingIds.Contains(c.RunId))
            .Select(c => Finish(c, failure is null ? RunStatus.Complete : RunStatus.Failed, failure, started, kernelThreads))
            .ToList();
    }

    private RunOutcome Finish(RunContext context, RunStatus status, string? message, DateTimeOffset started, int kernelThreads)
    {
        // A divergence the run recorded (or caught itself) still counts.
        if (status == RunStatus.Complete && context.DivergedStep is not null)
            status = RunStatus.Diverged;
        if (status == RunStatus.Diverged)
            message = context.DivergedReason;

        var outcome = new RunOutcome(context.Spec, status, status == RunStatus.Diverged ? context.DivergedStep : null, message,
            started, DateTimeOffset.UtcNow, kernelThreads);
        store.Finish(outcome, context.Rows, context.Arrays);
        return outcome;
    }
}

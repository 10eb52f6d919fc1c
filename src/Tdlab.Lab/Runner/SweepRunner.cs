using Tdlab.Kernels;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Runs a plan's runs in parallel, skipping runs whose status in the store is complete or diverged.
/// With at least as many pending runs as threads, each worker runs one run at a time on one kernel thread
/// (<c>Parallelism.Limit(1)</c>); with fewer runs, each run gets threads / workers kernel threads.
/// Results are stored keyed by run id and every draw derives from the run's seed, so the stored metrics do
/// not depend on the thread count. A NaN/Inf loss marks a run diverged, an exception marks it failed; the
/// sweep goes on. On cancellation no new run starts; cancelled runs are removed so that they run on resume.
/// </summary>
public sealed class SweepRunner(RunStore store, int threads, ISweepProgress? progress = null)
{
    private readonly int _threads = Math.Max(1, threads);

    public SweepSummary Run(IExperiment experiment, ExperimentPlan plan, CancellationToken cancellation = default)
    {
        Dictionary<string, RunStatus> stored = store.Runs(plan.Experiment).ToDictionary(r => r.Id, r => r.Status);
        List<RunSpec> pending = plan.Runs
            .Where(r => !stored.TryGetValue(r.Id, out RunStatus s) || s is RunStatus.Running or RunStatus.Failed)
            .ToList();
        int skipped = plan.Runs.Count - pending.Count;
        int workers = Math.Max(1, Math.Min(_threads, pending.Count));
        int kernelThreads = Math.Max(1, _threads / workers);

        long sweepId = store.BeginSweep(plan, _threads);
        progress?.Started(plan, pending.Count, skipped);
        var outcomes = new RunOutcome?[pending.Count];
        int next = -1;

        void Work()
        {
            using Parallelism.Scope scope = Parallelism.Limit(kernelThreads);
            int i;
            while (!cancellation.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < pending.Count)
            {
                outcomes[i] = RunOne(experiment, pending[i], kernelThreads, cancellation);
                if (outcomes[i] is { } o)
                    progress?.RunFinished(o);
            }
        }

        Thread[] pool = Enumerable.Range(0, workers - 1)
            .Select(_ => new Thread(Work) { IsBackground = true, Name = "tdlab-run" }).ToArray();
        foreach (Thread t in pool)
            t.Start();
        Work();
        foreach (Thread t in pool)
            t.Join();

        store.EndSweep(sweepId);
        var summary = new SweepSummary(plan.Experiment, plan.Runs.Count, skipped,
            outcomes.OfType<RunOutcome>().ToList(), cancellation.IsCancellationRequested);
        progress?.Finished(summary);
        return summary;
    }

    private RunOutcome? RunOne(IExperiment experiment, RunSpec spec, int kernelThreads, CancellationToken cancellation)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        store.MarkRunning(spec, started, kernelThreads);
        RunContext context = experiment.CreateContext(spec, store.OutDir, cancellation);
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

        // A divergence the run caught itself still counts.
        if (status == RunStatus.Complete && context.DivergedStep is not null)
            status = RunStatus.Diverged;
        if (status == RunStatus.Diverged)
            message = context.DivergedReason;

        var outcome = new RunOutcome(spec, status, status == RunStatus.Diverged ? context.DivergedStep : null, message,
            started, DateTimeOffset.UtcNow, kernelThreads);
        store.Finish(outcome, context.Metrics, context.Arrays);
        return outcome;
    }
}

using System.Globalization;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Plain-text progress for logs and CI: one line per finished run with counts and an ETA from the mean
/// run time so far, and a summary line.
/// </summary>
public sealed class ConsoleProgress(TextWriter output) : ISweepProgress
{
    private readonly Lock _lock = new();
    private string _experiment = "";
    private int _pending;
    private int _done;
    private DateTimeOffset _start;

    public void Started(ExperimentPlan plan, int pending, int skipped)
    {
        lock (_lock)
        {
            (_experiment, _pending, _done, _start) = (plan.Experiment, pending, 0, DateTimeOffset.UtcNow);
            output.WriteLine($"{plan.Experiment}: {plan.Runs.Count} runs ({pending} to run, {skipped} already in the store)");
        }
    }

    public void RunFinished(RunOutcome outcome)
    {
        lock (_lock)
        {
            _done++;
            double elapsed = (DateTimeOffset.UtcNow - _start).TotalSeconds;
            double eta = elapsed / _done * (_pending - _done);
            string extra = outcome.Status switch
            {
                RunStatus.Diverged => $" at step {outcome.DivergedStep}",
                RunStatus.Failed => $": {outcome.Message}",
                _ => "",
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{_done}/{_pending}] {_experiment} {outcome.Spec.Id} {RunStore.StatusText(outcome.Status)}{extra} ({outcome.Seconds:F1} s, eta {eta:F0} s)"));
        }
    }

    public void Finished(SweepSummary summary)
    {
        lock (_lock)
            output.WriteLine(SummaryLine(summary));
    }

    /// <summary>"init-variance: 27 complete, 2 diverged, 0 failed, 0 skipped" (+ "stopped by Ctrl-C").</summary>
    public static string SummaryLine(SweepSummary s) =>
        $"{s.Experiment}: {s.Count(RunStatus.Complete)} complete, {s.Count(RunStatus.Diverged)} diverged, " +
        $"{s.Count(RunStatus.Failed)} failed, {s.Skipped} already in the store" +
        (s.Cancelled ? $"; stopped by Ctrl-C with {s.NotRun} runs not run (run again to resume)" : "");
}

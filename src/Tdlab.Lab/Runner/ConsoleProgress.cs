using System.Globalization;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Plain-text progress for logs and CI: one line per finished run with counts and an ETA from the mean
/// run time so far, and a summary line. A run or ensemble group in flight for longer than
/// <see cref="ProgressEvery"/> also gets a line "[init-variance 3fa2c1d0…] step 400/1000, eta 35 s" at most
/// that often, so a log shows a long run is alive without a line per report.
/// </summary>
public sealed class ConsoleProgress(TextWriter output) : ISweepProgress
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TimeSpan> _printedAt = [];
    private string _experiment = "";
    private int _pending;
    private int _done;
    private DateTimeOffset _start;

    public void Started(ExperimentPlan plan, int pending, int skipped)
    {
        lock (_lock)
        {
            (_experiment, _pending, _done, _start) = (plan.Experiment, pending, 0, DateTimeOffset.UtcNow);
            _printedAt.Clear();
            output.WriteLine($"{plan.Experiment}: {plan.Runs.Count} runs ({pending} to run, {skipped} already in the store)");
        }
    }

    /// <summary>The least time between two progress lines of one unit, and before its first: ten seconds.</summary>
    public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromSeconds(10);

    public void RunAdvanced(RunProgress progress)
    {
        lock (_lock)
        {
            string key = progress.RunIds[0];
            if (progress.Elapsed - _printedAt.GetValueOrDefault(key) < ProgressEvery)
                return;
            _printedAt[key] = progress.Elapsed;
            output.WriteLine($"[{progress.Experiment} {progress.Label}] {progress.Text}");
        }
    }

    public void RunFinished(RunOutcome outcome)
    {
        lock (_lock)
        {
            _printedAt.Remove(outcome.Spec.Id);
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

using Spectre.Console;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Progress bars for a terminal (Spectre.Console): the sweep runs inside <see cref="Run"/>, which shows
/// one bar per experiment with done/total counts, elapsed time and ETA; the bar's description also shows each
/// long run or ensemble group in flight with its step and ETA (<see cref="ISweepProgress.RunAdvanced"/>).
/// </summary>
public static class SpectreProgress
{
    /// <summary>Runs <paramref name="sweep"/> with a live progress display.</summary>
    public static T Run<T>(Func<ISweepProgress, T> sweep)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = sweep(new Bars(ctx)));
        return result;
    }

    private sealed class Bars(ProgressContext ctx) : ISweepProgress
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, RunProgress> _inFlight = [];
        private ProgressTask? _task;
        private string _name = "";
        private int _done, _pending, _diverged, _failed;

        public void Started(ExperimentPlan plan, int pending, int skipped)
        {
            lock (_lock)
            {
                (_name, _done, _pending, _diverged, _failed) = (plan.Experiment, 0, pending, 0, 0);
                _inFlight.Clear();
                _task = ctx.AddTask(Describe(), maxValue: Math.Max(1, pending));
                if (skipped > 0)
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(plan.Experiment)}: {skipped} runs already in the store[/]");
            }
        }

        public void RunAdvanced(RunProgress progress)
        {
            lock (_lock)
            {
                _inFlight[progress.RunIds[0]] = progress;
                if (_task is not null) _task.Description = Describe();
            }
        }

        public void RunFinished(RunOutcome outcome)
        {
            lock (_lock)
            {
                foreach (var (key, _) in _inFlight.Where(p => p.Value.RunIds.Contains(outcome.Spec.Id)).ToList())
                    _inFlight.Remove(key);
                _done++;
                if (outcome.Status == RunStatus.Diverged) _diverged++;
                if (outcome.Status == RunStatus.Failed) _failed++;
                _task?.Increment(1);
                if (_task is not null) _task.Description = Describe();
            }
        }

        public void Finished(SweepSummary summary)
        {
            lock (_lock)
            {
                if (_task is not null)
                {
                    _task.Value = _task.MaxValue;
                    _task.StopTask();
                }
            }
        }

        private string Describe() =>
            $"{Markup.Escape(_name)} {_done}/{_pending}" +
            (_diverged > 0 ? $" [yellow]{_diverged} diverged[/]" : "") +
            (_failed > 0 ? $" [red]{_failed} failed[/]" : "") +
            string.Concat(_inFlight.Values.Select(p => $" [grey]{Markup.Escape(p.Label)} {Markup.Escape(p.Text)}[/]"));
    }
}

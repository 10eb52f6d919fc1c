using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Serve;

/// <summary>
/// The analyses (claims, checks, figures) of the experiments, computed off the request path. An analysis can take
/// seconds, and while a sweep writes, its runs change every moment: a page must not wait for a fresh analysis on
/// each poll, nor the server spend the sweep's cores redoing it. So the first analysis of an experiment is computed
/// when asked for; after that a changed experiment is analysed again in the background, one at a time and at most
/// every <see cref="MinInterval"/> (at once when its sweep is complete), and the page shows the last analysis with
/// the number of runs it covered until the new one is ready.
/// </summary>
internal sealed class AnalysisCache(string outDir)
{
    /// <summary>Shortest time between two background analyses of one experiment while its runs change.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, AnalysedRuns> _done = [];
    private readonly Dictionary<string, DateTimeOffset> _started = [];
    private readonly HashSet<string> _running = [];
    private int _generation;

    /// <summary>Counts the analyses finished: a reading made before the latest one is out of date.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// The latest analysis of <paramref name="experiment"/> (computed now if there is none), and a background
    /// analysis started if it is not of <paramref name="key"/>, the state of the runs now.
    /// </summary>
    public AnalysedRuns Get(IExperiment experiment, ExperimentPlan plan, string key, int storedRuns, bool complete)
    {
        AnalysedRuns? last;
        lock (_gate)
            _done.TryGetValue(experiment.Name, out last);
        if (last is null)
            return Compute(experiment, plan, key, storedRuns);
        if (last.Key != key)
            StartInBackground(experiment, plan, key, storedRuns, complete);
        return last;
    }

    private void StartInBackground(IExperiment experiment, ExperimentPlan plan, string key, int storedRuns, bool complete)
    {
        lock (_gate)
        {
            if (_running.Contains(experiment.Name) || _running.Count > 0
                || (!complete && _started.TryGetValue(experiment.Name, out DateTimeOffset t) && DateTimeOffset.UtcNow - t < MinInterval))
                return;
            _running.Add(experiment.Name);
            _started[experiment.Name] = DateTimeOffset.UtcNow;
        }

        Task.Run(() =>
        {
            try
            {
                Compute(experiment, plan, key, storedRuns);
            }
            catch (Exception)
            {
                // A store that cannot be read now shows up on the next reading; the last analysis stays on the page.
            }
            finally
            {
                lock (_gate)
                    _running.Remove(experiment.Name);
            }
        });
    }

    private AnalysedRuns Compute(IExperiment experiment, ExperimentPlan plan, string key, int storedRuns)
    {
        Analysis analysis = experiment.Analyse(RunStore.OpenReadOnly(outDir), plan);
        var result = new AnalysedRuns(key, analysis, storedRuns, DateTimeOffset.UtcNow);
        lock (_gate)
            _done[experiment.Name] = result;
        Interlocked.Increment(ref _generation);
        return result;
    }
}

/// <summary>An analysis, and the state of the runs (key, count) it was started for.</summary>
internal sealed record AnalysedRuns(string Key, Analysis Analysis, int Runs, DateTimeOffset At);

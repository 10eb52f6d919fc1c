using Microsoft.Data.Sqlite;
using Tdlab.Lab;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Serve;

/// <summary>
/// Reads the run store for the dashboard, read-only, and keeps the last reading. The store is opened afresh
/// for every reading (<see cref="RunStore.OpenReadOnly"/> picks an immutable or a WAL-aware connection by whether a
/// writer is at work, which may change while the server runs). A reading is reused while runs.db and its WAL file
/// are unchanged; the run counts are read each time, the analyses (claims, figures) come from
/// <see cref="AnalysisCache"/>, so a page polling every two seconds costs a few queries while a sweep writes.
/// </summary>
public sealed class SnapshotSource(string outDir, IReadOnlyList<IExperiment> experiments)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long SweepId, ExperimentPlan Plan)> _plans = [];
    private readonly AnalysisCache _analyses = new(outDir);
    private (string Files, StoreSnapshot Snapshot)? _last;

    /// <summary>The folder whose runs.db is shown.</summary>
    public string OutDir { get; } = Path.GetFullPath(outDir);

    public IReadOnlyList<IExperiment> Experiments { get; } = experiments;

    private string DbPath => Path.Combine(OutDir, "runs.db");

    /// <summary>The store as it is now (or as last read, when its files have not changed and no analysis has finished since).</summary>
    public StoreSnapshot Take()
    {
        lock (_gate)
        {
            string files = FilesFingerprint() + "|" + _analyses.Generation;
            if (_last is { } last && last.Files == files)
                return last.Snapshot;
            StoreSnapshot snapshot = Read();
            // Read after the fingerprint: an analysis finished during the reading makes the next call read again.
            _last = (files, snapshot);
            return snapshot;
        }
    }

    private StoreSnapshot Read()
    {
        if (!File.Exists(DbPath))
            return StoreSnapshot.Unreadable(StoreState.Missing,
                Directory.Exists(DbPath) ? $"'{DbPath}' is a folder, not a tdlab run store" : $"no run store at '{DbPath}' yet (run an experiment with --out {OutDir})",
                DbPath);
        // A reading can meet a writer's checkpoint half done (an immutable reading of a store whose writer started
        // meanwhile reads "database disk image is malformed"): a store is reported unreadable only when it stays so
        // over about two seconds of readings.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return ReadStore();
            }
            catch (Exception e) when (attempt < 8 && IsStoreError(e))
            {
                Thread.Sleep(250);
            }
            catch (Exception e) when (IsStoreError(e))
            {
                return StoreSnapshot.Unreadable(StoreState.Unreadable, OneLine(e.Message), DbPath);
            }
        }
    }

    private StoreSnapshot ReadStore()
    {
        RunStore store = RunStore.OpenReadOnly(OutDir);
        HashSet<string> stored = store.Experiments().ToHashSet();
        var reports = new List<ExperimentReport>();
        var analysedRuns = new Dictionary<string, int>();
        foreach (IExperiment experiment in Experiments.Where(e => stored.Contains(e.Name)))
        {
            StoredSweep? sweep = store.LatestSweep(experiment.Name);
            if (sweep is null)
                continue;
            if (!_plans.TryGetValue(experiment.Name, out var plan) || plan.SweepId != sweep.Id)
                _plans[experiment.Name] = plan = (sweep.Id, experiment.Replan(sweep));
            HashSet<string> ids = plan.Plan.Runs.Select(r => r.Id).ToHashSet();
            List<RunRecord> runs = store.Runs(experiment.Name).Where(r => ids.Contains(r.Id)).ToList();
            bool complete = runs.Count == plan.Plan.Runs.Count;
            AnalysedRuns analysed = _analyses.Get(experiment, plan.Plan, ReportKey(sweep, runs), runs.Count, complete);
            analysedRuns[experiment.Name] = analysed.Runs;
            reports.Add(new ExperimentReport(experiment.Name, experiment.Title, experiment.SeedReference, sweep, plan.Plan,
                experiment.Metrics, experiment.Deviations, runs, analysed.Analysis));
        }

        List<string> unregistered = stored.Except(Experiments.Select(e => e.Name)).Order(StringComparer.Ordinal).ToList();
        return new StoreSnapshot(StoreState.Ok, "", store.DbPath, reports, unregistered, store.Progress(), DateTimeOffset.UtcNow)
        {
            AnalysedRuns = analysedRuns,
        };
    }

    /// <summary>What an experiment's report depends on: its latest sweep and the ids, statuses and end times of its runs.</summary>
    private static string ReportKey(StoredSweep sweep, IReadOnlyList<RunRecord> runs) =>
        $"{sweep.Id}|{runs.Count}|{string.Join(',', runs.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))}|" +
        $"{(runs.Count == 0 ? "" : runs.Max(r => r.EndedAt ?? r.StartedAt).ToUnixTimeMilliseconds())}";

    /// <summary>Sizes and write times of runs.db and its WAL: any commit changes one of them.</summary>
    private string FilesFingerprint()
    {
        static string Of(string path)
        {
            var f = new FileInfo(path);
            return f.Exists ? $"{f.Length}@{f.LastWriteTimeUtc.Ticks}" : "-";
        }

        return $"{Of(DbPath)}|{Of(DbPath + "-wal")}";
    }

    private static bool IsStoreError(Exception e) =>
        e is BadInputException or SqliteException or IOException or UnauthorizedAccessException or FormatException
            or System.Text.Json.JsonException or InvalidOperationException or ArgumentException or NotSupportedException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

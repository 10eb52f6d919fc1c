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
/// are unchanged, and an experiment's analysis is recomputed only when its sweep or its stored runs change, so a
/// page polling every two seconds costs a few queries while a sweep writes progress rows.
/// </summary>
public sealed class SnapshotSource(string outDir, IReadOnlyList<IExperiment> experiments)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Key, ExperimentReport Report)> _reports = [];
    private (string Files, StoreSnapshot Snapshot)? _last;

    /// <summary>The folder whose runs.db is shown.</summary>
    public string OutDir { get; } = Path.GetFullPath(outDir);

    public IReadOnlyList<IExperiment> Experiments { get; } = experiments;

    private string DbPath => Path.Combine(OutDir, "runs.db");

    /// <summary>The store as it is now (or as last read, when its files have not changed since).</summary>
    public StoreSnapshot Take()
    {
        lock (_gate)
        {
            string files = FilesFingerprint();
            if (_last is { } last && last.Files == files)
                return last.Snapshot;
            StoreSnapshot snapshot = Read();
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
        // A reading can meet a writer's checkpoint half done (an immutable reading of a store whose writer just
        // started): a damaged-looking store is read again before it is reported.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return ReadStore();
            }
            catch (Exception e) when (attempt < 2 && IsStoreError(e))
            {
                Thread.Sleep(150);
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
        foreach (IExperiment experiment in Experiments.Where(e => stored.Contains(e.Name)))
        {
            StoredSweep? sweep = store.LatestSweep(experiment.Name);
            if (sweep is null)
                continue;
            string key = ReportKey(sweep, store.Runs(experiment.Name));
            if (!_reports.TryGetValue(experiment.Name, out var cached) || cached.Key != key)
            {
                ExperimentReport? report = ReportBuilder.Build(store, experiment);
                if (report is null)
                    continue;
                cached = (key, report);
                _reports[experiment.Name] = cached;
            }

            reports.Add(cached.Report);
        }

        List<string> unregistered = stored.Except(Experiments.Select(e => e.Name)).Order(StringComparer.Ordinal).ToList();
        return new StoreSnapshot(StoreState.Ok, "", store.DbPath, reports, unregistered, store.Progress(), DateTimeOffset.UtcNow);
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
            or System.Text.Json.JsonException or InvalidOperationException or ArgumentException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

namespace Tdlab.Lab.Store;

/// <summary>
/// <c>tdlab merge OUT SRC...</c>: merges run stores (the shards of a sweep) into the store in OUT. Runs are keyed by
/// id: a run found in several stores with the same results (<see cref="StoredRun.DifferenceFrom"/>) is kept once,
/// with different results it is an error and nothing is written. A store already in OUT is merged as one more
/// source, so merging again is harmless. Every sweep row is recorded (identical rows once), so
/// <c>report</c> replans each experiment's latest sweep and reads the merged runs as after a local run.
/// Arrays are copied (each file atomically) before the new runs.db is renamed over OUT's, so a crash leaves OUT's
/// store as it was. Progress rows and leases belong to processes at work and are not copied.
/// </summary>
public static class StoreMerge
{
    public static MergeSummary Merge(string outDir, IReadOnlyList<string> sources)
    {
        if (sources.Count == 0)
            throw new BadInputException("merge needs at least one store to merge (tdlab merge OUT SRC...)");
        string outFull = Path.GetFullPath(outDir);
        if (File.Exists(outFull))
            throw new BadInputException($"'{outFull}' is a file; merge needs a folder there");
        var stores = new List<RunStore>();
        string outDb = Path.Combine(outFull, "runs.db");
        if (File.Exists(outDb) || Directory.Exists(outDb))
        {
            if (File.Exists(outDb + "-wal"))
                throw new BadInputException($"'{outDb}' is being written (it has a -wal file): stop the tdlab working on it, then merge");
            stores.Add(RunStore.OpenReadOnly(outFull));
        }

        foreach (string source in sources)
        {
            string full = Path.GetFullPath(source);
            if (!Directory.Exists(full))
                throw new BadInputException($"no such folder '{source}' to merge");
            if (!File.Exists(Path.Combine(full, "runs.db")) && !Directory.Exists(Path.Combine(full, "runs.db")))
                throw new BadInputException($"'{source}' holds no run store (runs.db) to merge");
            if (stores.All(s => s.OutDir != full))    // OUT, or a folder given twice, is read once
                stores.Add(RunStore.OpenReadOnly(full));
        }

        // Read and check everything before writing anything.
        var runs = new SortedDictionary<string, (StoredRun Run, RunStore From)>(StringComparer.Ordinal);
        int duplicates = 0;
        foreach (RunStore store in stores)
            foreach (string experiment in store.Experiments())
                foreach (StoredRun run in store.StoredRuns(experiment))
                {
                    if (!runs.TryGetValue(run.Record.Id, out var kept))
                    {
                        runs[run.Record.Id] = (run, store);
                        continue;
                    }

                    if (kept.Run.DifferenceFrom(run) is { } what)
                        throw new BadInputException($"run {run.Record.Id} of '{experiment}' differs between '{kept.From.OutDir}' and " +
                                                    $"'{store.OutDir}' ({what}); nothing was written");
                    duplicates++;
                }

        List<StoredSweep> sweeps = stores.SelectMany(s => s.Sweeps())
            .DistinctBy(SweepKey)
            .OrderBy(s => s.StartedAt).ThenBy(s => s.Experiment, StringComparer.Ordinal)
            .ToList();
        var copies = new List<(string From, string To)>();
        foreach ((StoredRun run, RunStore from) in runs.Values)
            foreach (ArrayRow a in run.Arrays)
            {
                string source = FileNames.Inside(from.OutDir, a.Path);
                if (!File.Exists(source))
                    throw new BadInputException($"run {run.Record.Id} in '{from.OutDir}' lists the array '{a.Path}', which is missing; nothing was written");
                string target = FileNames.Inside(outFull, a.Path);
                if (source != target)
                    copies.Add((source, target));
            }

        // Write: arrays first, then a whole new store renamed over OUT's.
        Directory.CreateDirectory(outFull);
        foreach ((string from, string to) in copies)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            AtomicFile.Write(to, tmp => File.Copy(from, tmp));
        }

        string staging = Path.Combine(outFull, $".merge-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            RunStore merged = RunStore.Open(staging);
            merged.Import(sweeps, runs.Values.Select(r => r.Run).ToList());
            // Every connection is closed (no pooling), so SQLite has checkpointed and removed the -wal file.
            File.Move(merged.DbPath, outDb, overwrite: true);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }

        return new MergeSummary(runs.Count, duplicates, sweeps.Count, copies.Count);
    }

    /// <summary>A sweep row's content without its id, so a sweep merged twice is recorded once.</summary>
    private static string SweepKey(StoredSweep s) =>
        string.Join("\n", s.Experiment, s.Preset, string.Join("\u001f", s.Overrides), s.ConfigJson, s.Seeds, s.Runs, s.Threads,
            s.StartedAt.ToString("O"), s.EndedAt?.ToString("O") ?? "", s.Version);
}

using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

public sealed partial class RunStore
{
    /// <summary>Every run of <paramref name="experiment"/> with its metrics and array rows, ordered by id.</summary>
    public IReadOnlyList<StoredRun> StoredRuns(string experiment)
    {
        var metrics = MetricsOf(experiment);
        var none = new Dictionary<string, (int, double)[]>();
        return Runs(experiment).Select(r => new StoredRun(r, metrics.TryGetValue(r.Id, out var m) ? m : none, Arrays(r.Id))).ToList();
    }

    /// <summary>
    /// Writes sweeps and runs read from other stores (<c>tdlab merge</c>), as they were: run rows with their own
    /// times, machine and version; sweeps get new ids in the order given. One transaction: all or nothing.
    /// </summary>
    public void Import(IReadOnlyList<StoredSweep> sweeps, IReadOnlyList<StoredRun> runs) => Write(c =>
    {
        using SqliteTransaction tx = c.BeginTransaction();
        foreach (StoredSweep s in sweeps)
        {
            using SqliteCommand cmd = Command(c, """
                INSERT INTO sweeps(experiment, preset, overrides_json, config_json, seeds, runs, threads, started_at, ended_at, version)
                VALUES($e, $p, $o, $c, $s, $n, $t, $at, $end, $v)
                """,
                ("$e", s.Experiment), ("$p", s.Preset), ("$o", System.Text.Json.JsonSerializer.Serialize(s.Overrides)),
                ("$c", s.ConfigJson), ("$s", s.Seeds), ("$n", s.Runs), ("$t", s.Threads), ("$at", Time(s.StartedAt)),
                ("$end", s.EndedAt is { } end ? Time(end) : null), ("$v", s.Version));
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }

        foreach (StoredRun run in runs)
        {
            DeleteRows(c, tx, run.Record.Id);
            InsertMetrics(c, tx, run.Record.Id, run.MetricRows().ToList());
            InsertArrays(c, tx, run.Record.Id, run.Arrays);
            InsertRun(c, tx, run.Record);
        }

        tx.Commit();
        return 0;
    });
}

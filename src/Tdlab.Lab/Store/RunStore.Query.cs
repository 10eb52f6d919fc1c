using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

public sealed partial class RunStore
{
    private const string RunColumns =
        "id, experiment, config_json, seed, replicate, status, diverged_step, message, started_at, ended_at, version, machine, threads";

    /// <summary>Names of all experiments with a sweep or a run in the store, sorted.</summary>
    public IReadOnlyList<string> Experiments()
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c,
            "SELECT experiment FROM sweeps UNION SELECT experiment FROM runs ORDER BY experiment");
        return ReadAll(cmd, r => r.GetString(0));
    }

    /// <summary>The most recent sweep of <paramref name="experiment"/>, or null.</summary>
    public StoredSweep? LatestSweep(string experiment)
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c, """
            SELECT id, experiment, preset, overrides_json, config_json, seeds, runs, threads, started_at, ended_at, version
            FROM sweeps WHERE experiment = $e ORDER BY id DESC LIMIT 1
            """, ("$e", experiment));
        return ReadAll(cmd, r => new StoredSweep(r.GetInt64(0), r.GetString(1), r.GetString(2),
            JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], r.GetString(4), r.GetInt32(5), r.GetInt32(6),
            r.GetInt32(7), ParseTime(r.GetString(8)), r.IsDBNull(9) ? null : ParseTime(r.GetString(9)),
            r.GetString(10))).FirstOrDefault();
    }

    /// <summary>All runs of <paramref name="experiment"/>, ordered by id.</summary>
    public IReadOnlyList<RunRecord> Runs(string experiment)
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c, $"SELECT {RunColumns} FROM runs WHERE experiment = $e ORDER BY id",
            ("$e", experiment));
        return ReadAll(cmd, ReadRun);
    }

    /// <summary>One run, or null.</summary>
    public RunRecord? Run(string runId)
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c, $"SELECT {RunColumns} FROM runs WHERE id = $id", ("$id", runId));
        return ReadAll(cmd, ReadRun).FirstOrDefault();
    }

    /// <summary>The series of metric <paramref name="name"/> of a run, by step (NaN where a non-finite value was logged).</summary>
    public (int Step, double Value)[] Metric(string runId, string name)
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c,
            "SELECT step, value FROM metrics WHERE run_id = $id AND name = $n ORDER BY step, rowid",
            ("$id", runId), ("$n", name));
        return ReadAll(cmd, r => (r.GetInt32(0), r.IsDBNull(1) ? double.NaN : r.GetDouble(1))).ToArray();
    }

    /// <summary>The last logged value of metric <paramref name="name"/> (NaN when never logged).</summary>
    public double Final(string runId, string name)
    {
        (int Step, double Value)[] series = Metric(runId, name);
        return series.Length == 0 ? double.NaN : series[^1].Value;
    }

    /// <summary>Every metric series of every run of an experiment: run id -> name -> (step, value)[].</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, (int Step, double Value)[]>> MetricsOf(string experiment)
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c, """
            SELECT m.run_id, m.name, m.step, m.value FROM metrics m JOIN runs r ON r.id = m.run_id
            WHERE r.experiment = $e ORDER BY m.run_id, m.name, m.step, m.rowid
            """, ("$e", experiment));
        var rows = ReadAll(cmd, r => (Run: r.GetString(0), Name: r.GetString(1), Step: r.GetInt32(2),
            Value: r.IsDBNull(3) ? double.NaN : r.GetDouble(3)));
        return rows.GroupBy(r => r.Run).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, (int, double)[]>)g.GroupBy(r => r.Name)
                .ToDictionary(n => n.Key, n => n.Select(r => (r.Step, r.Value)).ToArray()));
    }

    /// <summary>The arrays logged by a run, by name and step; paths are relative to <see cref="OutDir"/>.</summary>
    public IReadOnlyList<ArrayRow> Arrays(string runId)
    {
        using SqliteConnection c = Connect();
        using SqliteCommand cmd = Command(c, "SELECT name, step, path FROM arrays WHERE run_id = $id ORDER BY name, step",
            ("$id", runId));
        return ReadAll(cmd, r => new ArrayRow(r.GetString(0), r.GetInt32(1), r.GetString(2)));
    }

    private static RunRecord ReadRun(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), unchecked((ulong)r.GetInt64(3)), r.GetInt32(4),
        Enum.Parse<RunStatus>(r.GetString(5), ignoreCase: true), r.IsDBNull(6) ? null : r.GetInt32(6),
        r.IsDBNull(7) ? null : r.GetString(7), ParseTime(r.GetString(8)),
        r.IsDBNull(9) ? null : ParseTime(r.GetString(9)), r.GetString(10), r.GetString(11), r.GetInt32(12));

    private static List<T> ReadAll<T>(SqliteCommand cmd, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(read(r));
        return list;
    }

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

public sealed partial class RunStore
{
    private const string RunColumns =
        "id, experiment, config_json, seed, replicate, status, diverged_step, message, started_at, ended_at, version, machine, threads";

    private const string SweepColumns =
        "id, experiment, preset, overrides_json, config_json, seeds, runs, threads, started_at, ended_at, version";

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
        using SqliteCommand cmd = Command(c, $"SELECT {SweepColumns} FROM sweeps WHERE experiment = $e ORDER BY id DESC LIMIT 1",
            ("$e", experiment));
        return ReadAll(cmd, ReadSweep).FirstOrDefault();
    }

    /// <summary>Every sweep in the store, oldest first.</summary>
    public IReadOnlyList<StoredSweep> Sweeps()
    {
        using SqliteConnection c = Connect();
        return ReadAll(c, $"SELECT {SweepColumns} FROM sweeps ORDER BY id", ReadSweep);
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

    private static RunRecord ReadRun(SqliteDataReader r)
    {
        string id = r.GetString(0), config = r.GetString(2);
        // The config is parsed when read, so a corrupt one is refused here, not deep inside a claim.
        using (JsonDocument.Parse(config))
        {
        }

        return new RunRecord(id, r.GetString(1), config, unchecked((ulong)r.GetInt64(3)), r.GetInt32(4),
            ParseStatus(r.GetString(5), id), r.IsDBNull(6) ? null : r.GetInt32(6),
            r.IsDBNull(7) ? null : r.GetString(7), ParseTime(r.GetString(8)),
            r.IsDBNull(9) ? null : ParseTime(r.GetString(9)), r.GetString(10), r.GetString(11), r.GetInt32(12));
    }

    private static StoredSweep ReadSweep(SqliteDataReader r)
    {
        string config = r.GetString(4);
        using (JsonDocument doc = JsonDocument.Parse(config))
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException($"sweep {r.GetInt64(0)} has a config that is not a JSON object");
        return new StoredSweep(r.GetInt64(0), r.GetString(1), r.GetString(2),
            JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], config, r.GetInt32(5), r.GetInt32(6),
            r.GetInt32(7), ParseTime(r.GetString(8)), r.IsDBNull(9) ? null : ParseTime(r.GetString(9)), r.GetString(10));
    }

    /// <summary>Only the exact lower-case names: Enum.Parse would also take "1" or "Complete, Failed".</summary>
    private static RunStatus ParseStatus(string text, string runId) =>
        Enum.GetValues<RunStatus>().Cast<RunStatus?>().FirstOrDefault(s => StatusText(s!.Value) == text)
        ?? throw new FormatException($"run {runId} has the unknown status '{text}'");

    private List<T> ReadAll<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> read)
    {
        using SqliteCommand cmd = Command(c, sql);
        return ReadAll(cmd, read);
    }

    /// <summary>
    /// Every row, read with <paramref name="read"/>. A row that cannot be read (a damaged page, a value of the
    /// wrong type, an unknown status, a bad time or JSON) is the store's fault, not a bug: one line, exit 2.
    /// </summary>
    private List<T> ReadAll<T>(SqliteCommand cmd, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        try
        {
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(read(r));
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLITE_CORRUPT or SQLITE_NOTADB)
        {
            throw Damaged(e.Message);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or JsonException
                                      or ArgumentException or InvalidOperationException)
        {
            throw Damaged(e.Message);
        }

        return list;
    }

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset t)
            ? t
            : throw new FormatException($"'{s}' is not a time");
}

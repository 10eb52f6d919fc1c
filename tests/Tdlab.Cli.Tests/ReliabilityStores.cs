using Microsoft.Data.Sqlite;

namespace Tdlab.Cli.Tests;

/// <summary>Ways to damage a run store, for the reliability tests; each applies to an output folder holding a valid one.</summary>
public static class ReliabilityStores
{
    /// <summary>The commands a damaged store is given, as argument lists with "{out}" for the folder.</summary>
    public static readonly Dictionary<string, string[]> Commands = new()
    {
        ["run"] = ["run", "toy-quadratic", "--out", "{out}", "--seeds", "1", "--threads", "1"],
        ["report"] = ["report", "--out", "{out}"],
        ["claims"] = ["claims", "--out", "{out}"],
        ["export"] = ["export", "toy-quadratic", "--out", "{out}", "--format", "csv"],
    };

    /// <summary>Damage name, the commands it applies to, a word of the expected message.</summary>
    public static IEnumerable<(string Name, string[] Commands, string Mention, Action<string> Damage)> Cases()
    {
        string[] all = [.. Commands.Keys], readers = ["report", "claims", "export"];
        yield return ("truncated", all, "runs.db", db => Bytes(db, File.ReadAllBytes(db)[..(int)(new FileInfo(db).Length / 2)]));
        yield return ("random-bytes", all, "not a tdlab run store", db => Bytes(db, Noise(8192)));
        yield return ("text", all, "not a tdlab run store", db => File.WriteAllText(db, "a text file, not a database\n"));
        yield return ("garbage-after-header", all, "runs.db", db => Bytes(db, [.. File.ReadAllBytes(db)[..100], .. Noise(4000)]));
        yield return ("another-programs-database", all, "no 'runs' table", db =>
        {
            File.Delete(db);
            Sql(db, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES('ada');");
        });
        yield return ("another-programs-runs-table", all, "no 'experiment' column", db =>
        {
            File.Delete(db);
            Sql(db, "CREATE TABLE runs(id TEXT, score REAL); CREATE TABLE metrics(x); CREATE TABLE arrays(x); CREATE TABLE sweeps(x);");
        });
        yield return ("unknown-status", all, "unknown status 'bogus'", db => Sql(db, "UPDATE runs SET status = 'bogus' WHERE rowid = 1"));
        yield return ("numeric-status", all, "unknown status '1'", db => Sql(db, "UPDATE runs SET status = '1' WHERE rowid = 1"));
        yield return ("unparseable-time", all, "'yesterday' is not a time", db => Sql(db, "UPDATE runs SET started_at = 'yesterday' WHERE rowid = 1"));
        yield return ("corrupt-run-config", all, "damaged", db => Sql(db, "UPDATE runs SET config_json = '{\"lr\": ' WHERE rowid = 1"));
        yield return ("corrupt-sweep-overrides", all, "damaged", db => Sql(db, "UPDATE sweeps SET overrides_json = '[\"x'"));
        yield return ("corrupt-sweep-config", all, "damaged", db => Sql(db, "UPDATE sweeps SET config_json = '[1, 2'"));
        yield return ("sweep-config-of-wrong-shape", ["report", "claims"], "cannot be read",
            db => Sql(db, "UPDATE sweeps SET config_json = '{\"steps\": \"many\"}'"));
        yield return ("newer-schema", all, "newer tdlab", db => Sql(db, "PRAGMA user_version = 99"));
        yield return ("foreign-application-id", all, "application id", db => Sql(db, "PRAGMA application_id = 42"));
        yield return ("folder-named-runs-db", all, "is a folder", db =>
        {
            File.Delete(db);
            Directory.CreateDirectory(db);
        });
        yield return ("empty-file", readers, "empty database", db => Bytes(db, []));
    }

    /// <summary>Executes SQL on a database file with a connection that is closed (and its WAL checkpointed) at once.</summary>
    public static void Sql(string db, string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public static object? Scalar(string db, string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Bytes(string path, byte[] bytes) => File.WriteAllBytes(path, bytes);

    private static byte[] Noise(int n)
    {
        var bytes = new byte[n];
        new Random(n).NextBytes(bytes);
        return bytes;
    }
}

using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

/// <summary>
/// The run store: SQLite in <c>&lt;out&gt;/runs.db</c>, WAL journal, a busy timeout, one short-lived
/// connection per operation and writes serialised in-process, so parallel runs (and a second process)
/// can write safely. A run's metrics, arrays and final status are written in one transaction, so a
/// killed process never leaves a run marked complete with missing rows.
/// </summary>
public sealed partial class RunStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS runs(
            id TEXT PRIMARY KEY, experiment TEXT NOT NULL, config_json TEXT NOT NULL, seed INTEGER NOT NULL,
            replicate INTEGER NOT NULL, status TEXT NOT NULL, diverged_step INTEGER, message TEXT,
            started_at TEXT NOT NULL, ended_at TEXT, version TEXT NOT NULL, machine TEXT NOT NULL,
            threads INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS runs_experiment ON runs(experiment);
        CREATE TABLE IF NOT EXISTS metrics(run_id TEXT NOT NULL, step INTEGER NOT NULL, name TEXT NOT NULL, value REAL);
        CREATE INDEX IF NOT EXISTS metrics_run ON metrics(run_id, name, step);
        CREATE TABLE IF NOT EXISTS arrays(run_id TEXT NOT NULL, name TEXT NOT NULL, step INTEGER NOT NULL, path TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS arrays_run ON arrays(run_id);
        CREATE TABLE IF NOT EXISTS sweeps(
            id INTEGER PRIMARY KEY AUTOINCREMENT, experiment TEXT NOT NULL, preset TEXT NOT NULL,
            overrides_json TEXT NOT NULL, config_json TEXT NOT NULL, seeds INTEGER NOT NULL, runs INTEGER NOT NULL,
            threads INTEGER NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, version TEXT NOT NULL);
        """;

    private readonly Lock _writeLock = new();
    private readonly string _connectionString;

    private RunStore(string outDir)
    {
        OutDir = Path.GetFullPath(outDir);
        DbPath = Path.Combine(OutDir, "runs.db");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DbPath,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>The output folder that holds runs.db, arrays/ and the reports.</summary>
    public string OutDir { get; }

    public string DbPath { get; }

    /// <summary>The tdlab version written with every run.</summary>
    public static string Version { get; } =
        typeof(RunStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    /// <summary>Cores, OS and runtime of this machine, written with every run.</summary>
    public static string Machine { get; } =
        $"{Environment.ProcessorCount} cores; {RuntimeInformation.OSDescription}; .NET {Environment.Version}";

    /// <summary>Opens (creating folder and schema when needed) the store in <paramref name="outDir"/>.</summary>
    public static RunStore Open(string outDir)
    {
        Directory.CreateDirectory(outDir);
        var store = new RunStore(outDir);
        using SqliteConnection c = store.Connect();
        Execute(c, "PRAGMA journal_mode=WAL;");
        Execute(c, Schema);
        return store;
    }

    /// <summary>Opens an existing store, or throws <see cref="BadInputException"/> when there is none.</summary>
    public static RunStore OpenExisting(string outDir)
    {
        if (!File.Exists(Path.Combine(outDir, "runs.db")))
            throw new BadInputException($"no run store at '{Path.Combine(outDir, "runs.db")}' (run an experiment first, or pass --out)");
        return Open(outDir);
    }

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA busy_timeout=60000; PRAGMA synchronous=NORMAL;");
        return c;
    }

    private static void Execute(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach ((string name, object? value) in args)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}

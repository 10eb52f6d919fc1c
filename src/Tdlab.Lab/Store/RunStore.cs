using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

/// <summary>
/// The run store: SQLite in <c>&lt;out&gt;/runs.db</c>, WAL journal, a busy timeout, one short-lived
/// connection per operation and writes serialised in-process, so parallel runs (and a second process)
/// can write safely. A run's metrics, arrays and final status are written in one transaction, so a
/// killed process never leaves a run marked complete with missing rows. A run being computed is claimed by
/// a lease (RunStore.Leases.cs), so two processes on one store share the work. A store is recognised by its
/// schema version (RunStore.Schema.cs); read-only commands open it read-only.
/// </summary>
public sealed partial class RunStore
{
    private readonly Lock _writeLock = new();
    private readonly string _connectionString;

    private RunStore(string outDir, bool readOnly, bool immutable = false)
    {
        OutDir = Path.GetFullPath(outDir);
        DbPath = Path.Combine(OutDir, "runs.db");
        ReadOnly = readOnly;
        _connectionString = new SqliteConnectionStringBuilder
        {
            // immutable=1 (a URI parameter) reads a store on a read-only file system, where SQLite cannot
            // create the -shm file that a WAL database needs even for reading.
            DataSource = immutable ? new Uri(DbPath).AbsoluteUri + "?immutable=1" : DbPath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>The output folder that holds runs.db, arrays/ and the reports.</summary>
    public string OutDir { get; }

    public string DbPath { get; }

    /// <summary>Opened by <see cref="OpenReadOnly"/>: every write throws, nothing is created or migrated.</summary>
    public bool ReadOnly { get; }

    /// <summary>The tdlab version written with every run.</summary>
    public static string Version { get; } =
        typeof(RunStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    /// <summary>Cores, OS and runtime of this machine, written with every run.</summary>
    public static string Machine { get; } =
        $"{Environment.ProcessorCount} cores; {RuntimeInformation.OSDescription}; .NET {Environment.Version}";

    /// <summary>
    /// Opens the store in <paramref name="outDir"/> for writing (the <c>run</c> command): creates folder and
    /// schema when there is no store yet, upgrades an older tdlab store to <see cref="SchemaVersion"/>, and
    /// refuses with <see cref="BadInputException"/> anything that is not a tdlab store, without writing to it.
    /// </summary>
    public static RunStore Open(string outDir)
    {
        Directory.CreateDirectory(outDir);
        var store = new RunStore(outDir, readOnly: false);
        if (Directory.Exists(store.DbPath))
            throw new BadInputException($"'{store.DbPath}' is a folder, not a tdlab run store");
        bool existed = File.Exists(store.DbPath) && new FileInfo(store.DbPath).Length > 0;
        using SqliteConnection c = store.Connect();
        int version = existed ? store.Recognise(c, allowEmpty: true) : 0;
        if (version < SchemaVersion)
            store.Upgrade(c);
        return store;
    }

    /// <summary>
    /// Opens an existing store read-only (<c>report</c>, <c>claims</c>, <c>export</c>): nothing is created,
    /// migrated or written, and anything but a readable tdlab store is refused with <see cref="BadInputException"/>.
    /// </summary>
    public static RunStore OpenReadOnly(string outDir)
    {
        string db = Path.Combine(outDir, "runs.db");
        if (Directory.Exists(db))
            throw new BadInputException($"'{Path.GetFullPath(db)}' is a folder, not a tdlab run store");
        if (!File.Exists(db))
            throw new BadInputException($"no run store at '{db}' (run an experiment first, or pass --out)");
        // A read-only connection to a WAL database creates runs.db-wal and runs.db-shm and, unable to
        // checkpoint, leaves them behind. When there is no -wal file no process is writing and every commit is
        // in runs.db itself, so the file is read as immutable: no side file, no lock, nothing written (and it
        // works on a read-only file system). With a -wal file present a writer is at work (or was killed): then
        // a plain read-only connection sees its commits, and the side files exist already.
        bool quiet = !File.Exists(db + "-wal");
        var store = new RunStore(outDir, readOnly: true, immutable: quiet);
        try
        {
            using SqliteConnection c = store.Connect();
            store.Recognise(c, allowEmpty: false);
            return store;
        }
        catch (SqliteException e) when (!quiet && e.SqliteErrorCode is SQLITE_CANTOPEN or SQLITE_READONLY)
        {
            // A -wal file on a read-only file system (a store copied while written): read the main file as it is.
            var immutable = new RunStore(outDir, readOnly: true, immutable: true);
            using SqliteConnection c = immutable.Connect();
            immutable.Recognise(c, allowEmpty: false);
            return immutable;
        }
    }

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        try
        {
            c.Open();
            Execute(c, ReadOnly ? "PRAGMA busy_timeout=60000;" : "PRAGMA busy_timeout=60000; PRAGMA synchronous=NORMAL;");
        }
        catch
        {
            c.Dispose();
            throw;
        }

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

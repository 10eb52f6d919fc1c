using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

public sealed partial class RunStore
{
    /// <summary>
    /// The schema this tdlab writes, in <c>PRAGMA user_version</c>. 1: runs, metrics, arrays, sweeps (stores
    /// written before the version was stored read as 1); 2: adds the leases table; 3: adds the progress table
    /// (RunStore.Progress.cs). A store of a newer version is refused, so an old tdlab never misreads or rewrites
    /// what a newer one wrote; <see cref="Open"/> upgrades 1 and 2 by creating the missing tables.
    /// </summary>
    public const int SchemaVersion = 3;

    /// <summary>"tdlb", in <c>PRAGMA application_id</c>, so file(1) and tdlab tell a run store from other SQLite files.</summary>
    public const int ApplicationId = 0x74646C62;

    private const int SQLITE_CORRUPT = 11, SQLITE_CANTOPEN = 14, SQLITE_NOTADB = 26, SQLITE_READONLY = 8;

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
        CREATE TABLE IF NOT EXISTS leases(run_id TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS progress(
            run_id TEXT PRIMARY KEY, experiment TEXT NOT NULL, done INTEGER NOT NULL, total INTEGER NOT NULL,
            unit TEXT NOT NULL, eta_s REAL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        """;

    /// <summary>The columns each table must have, per the first schema version that has the table.</summary>
    private static readonly (string Table, int Since, string[] Columns)[] Tables =
    [
        ("runs", 1, ["id", "experiment", "config_json", "seed", "replicate", "status", "diverged_step", "message",
            "started_at", "ended_at", "version", "machine", "threads"]),
        ("metrics", 1, ["run_id", "step", "name", "value"]),
        ("arrays", 1, ["run_id", "name", "step", "path"]),
        ("sweeps", 1, ["id", "experiment", "preset", "overrides_json", "config_json", "seeds", "runs", "threads",
            "started_at", "ended_at", "version"]),
        ("leases", 2, ["run_id", "owner", "expires"]),
        ("progress", 3, ["run_id", "experiment", "done", "total", "unit", "eta_s", "started_at", "updated_at"]),
    ];

    /// <summary>
    /// Checks that the file is a readable tdlab store and returns its schema version (0: an empty database,
    /// accepted only when <paramref name="allowEmpty"/>). Reads only; throws <see cref="BadInputException"/>
    /// naming the problem: not SQLite, another program's database, a newer version, damaged pages or rows.
    /// </summary>
    private int Recognise(SqliteConnection c, bool allowEmpty)
    {
        try
        {
            int version = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            long application = Convert.ToInt64(Scalar(c, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            var tables = new HashSet<string>(ReadAll(c, "SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0)));
            if (application != 0 && application != ApplicationId)
                throw NotAStore($"its application id is 0x{application:X8}, not tdlab's");
            if (version > SchemaVersion)
                throw new BadInputException($"'{DbPath}' was written by a newer tdlab (store schema version {version}; " +
                                            $"this tdlab reads versions 1 to {SchemaVersion}): use a newer tdlab");
            if (version == 0 && tables.Count == 0)
                return allowEmpty ? 0 : throw NotAStore("it is an empty database");
            int effective = Math.Max(version, 1);    // a store of tdlab before the version was written
            foreach ((string table, int since, string[] columns) in Tables.Where(t => t.Since <= effective))
            {
                if (!tables.Contains(table))
                    throw NotAStore($"it has no '{table}' table");
                var have = ReadAll(c, $"SELECT name FROM pragma_table_info('{table}')", r => r.GetString(0)).ToHashSet();
                if (columns.FirstOrDefault(col => !have.Contains(col)) is { } missing)
                    throw NotAStore($"its '{table}' table has no '{missing}' column");
            }

            string check = string.Join("; ", ReadAll(c, "PRAGMA quick_check", r => r.GetString(0)));
            if (check != "ok")
                throw Damaged(check);
            VerifyRows(c);
            return effective;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLITE_NOTADB)
        {
            throw NotAStore("it is not an SQLite database");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is not (SQLITE_CANTOPEN or SQLITE_READONLY))
        {
            throw Damaged(e.Message);
        }
    }

    /// <summary>Parses every row of runs and sweeps, so an unreadable status, time or JSON is refused up front.</summary>
    private void VerifyRows(SqliteConnection c)
    {
        ReadAll(c, $"SELECT {RunColumns} FROM runs", ReadRun);
        ReadAll(c, $"SELECT {SweepColumns} FROM sweeps", ReadSweep);
    }

    /// <summary>
    /// Creates the schema or brings a version-1 or version-2 store to <see cref="SchemaVersion"/>, in one
    /// transaction: every version so far only added tables, which CREATE TABLE IF NOT EXISTS supplies.
    /// </summary>
    private void Upgrade(SqliteConnection c)
    {
        lock (_writeLock)
        {
            Execute(c, "PRAGMA journal_mode=WAL;");
            using SqliteTransaction tx = c.BeginTransaction();
            Execute(c, Schema, tx);
            Execute(c, $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={SchemaVersion};", tx);
            tx.Commit();
        }
    }

    private BadInputException NotAStore(string why) =>
        new($"'{DbPath}' is not a tdlab run store: {why} (nothing was changed)");

    private BadInputException Damaged(string what) =>
        new($"the run store '{DbPath}' is damaged: {what.ReplaceLineEndings(" ")} (nothing was changed)");

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Store;

public sealed partial class RunStore
{
    /// <summary>Records the start of a sweep; returns its id for <see cref="EndSweep"/>.</summary>
    public long BeginSweep(ExperimentPlan plan, int threads)
    {
        return Write(c =>
        {
            using SqliteCommand cmd = Command(c, """
                INSERT INTO sweeps(experiment, preset, overrides_json, config_json, seeds, runs, threads, started_at, version)
                VALUES($e, $p, $o, $c, $s, $n, $t, $at, $v); SELECT last_insert_rowid();
                """,
                ("$e", plan.Experiment), ("$p", plan.Preset), ("$o", JsonSerializer.Serialize(plan.Overrides)),
                ("$c", plan.ConfigJson), ("$s", plan.Seeds), ("$n", plan.Runs.Count), ("$t", threads),
                ("$at", Time(DateTimeOffset.UtcNow)), ("$v", Version));
            return (long)cmd.ExecuteScalar()!;
        });
    }

    public void EndSweep(long sweepId) => Write(c =>
    {
        using SqliteCommand cmd = Command(c, "UPDATE sweeps SET ended_at = $at WHERE id = $id",
            ("$at", Time(DateTimeOffset.UtcNow)), ("$id", sweepId));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>
    /// Marks a run as running (replacing any leftover row of the same id and its rows). The runner no longer
    /// writes this status (a lease claims the run, and a failed write leaves no run "running"); it remains for
    /// stores written before leases, and for tests that simulate such a leftover.
    /// </summary>
    public void MarkRunning(RunSpec spec, DateTimeOffset startedAt, int threads) => Write(c =>
    {
        using SqliteTransaction tx = c.BeginTransaction();
        DeleteRows(c, tx, spec.Id);
        InsertRun(c, tx, spec, RunStatus.Running, null, null, startedAt, null, threads);
        tx.Commit();
        return 0;
    });

    /// <summary>Writes a finished run's metrics, arrays and status, and drops its lease and progress, in one transaction.</summary>
    public void Finish(RunOutcome outcome, IReadOnlyList<MetricRow> metrics, IReadOnlyList<ArrayRow> arrays) => Write(c =>
    {
        using SqliteTransaction tx = c.BeginTransaction();
        DeleteRows(c, tx, outcome.Spec.Id);
        InsertMetrics(c, tx, outcome.Spec.Id, metrics);
        InsertArrays(c, tx, outcome.Spec.Id, arrays);
        InsertRun(c, tx, outcome.Spec, outcome.Status, outcome.DivergedStep, outcome.Message,
            outcome.StartedAt, outcome.EndedAt, outcome.Threads);
        tx.Commit();
        return 0;
    });

    /// <summary>Removes a run that was cancelled before it finished, its lease and progress, so that it runs again on resume.</summary>
    public void Forget(string runId) => Write(c =>
    {
        using SqliteTransaction tx = c.BeginTransaction();
        DeleteRows(c, tx, runId);
        using SqliteCommand cmd = Command(c, "DELETE FROM runs WHERE id = $id", ("$id", runId));
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
        tx.Commit();
        return 0;
    });

    /// <summary>Deletes a run's metrics, arrays, lease and progress (the run row is replaced or deleted by the caller).</summary>
    private static void DeleteRows(SqliteConnection c, SqliteTransaction tx, string runId)
    {
        foreach (string table in new[] { "metrics", "arrays", "leases", "progress" })
        {
            using SqliteCommand cmd = Command(c, $"DELETE FROM {table} WHERE run_id = $id", ("$id", runId));
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }
    }

    private static void InsertRun(SqliteConnection c, SqliteTransaction tx, RunSpec spec, RunStatus status,
        int? divergedStep, string? message, DateTimeOffset startedAt, DateTimeOffset? endedAt, int threads) =>
        InsertRun(c, tx, new RunRecord(spec.Id, spec.Experiment, spec.ConfigJson, spec.Seed, spec.Replicate, status,
            divergedStep, message, startedAt, endedAt, Version, Machine, threads));

    /// <summary>Inserts (or replaces) a run row as given, with its own version and machine.</summary>
    private static void InsertRun(SqliteConnection c, SqliteTransaction tx, RunRecord run)
    {
        using SqliteCommand cmd = Command(c, """
            INSERT OR REPLACE INTO runs(id, experiment, config_json, seed, replicate, status, diverged_step, message,
                                        started_at, ended_at, version, machine, threads)
            VALUES($id, $e, $c, $seed, $r, $st, $ds, $m, $sa, $ea, $v, $mach, $t)
            """,
            ("$id", run.Id), ("$e", run.Experiment), ("$c", run.ConfigJson), ("$seed", unchecked((long)run.Seed)),
            ("$r", run.Replicate), ("$st", StatusText(run.Status)), ("$ds", run.DivergedStep), ("$m", run.Message),
            ("$sa", Time(run.StartedAt)), ("$ea", run.EndedAt is { } e ? Time(e) : null), ("$v", run.Version),
            ("$mach", run.Machine), ("$t", run.Threads));
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static void InsertMetrics(SqliteConnection c, SqliteTransaction tx, string runId, IReadOnlyList<MetricRow> rows)
    {
        using SqliteCommand cmd = Command(c, "INSERT INTO metrics(run_id, step, name, value) VALUES($id, $s, $n, $v)",
            ("$id", runId), ("$s", 0), ("$n", ""), ("$v", 0.0));
        cmd.Transaction = tx;
        cmd.Prepare();
        foreach (MetricRow row in rows)
        {
            cmd.Parameters["$s"].Value = row.Step;
            cmd.Parameters["$n"].Value = row.Name;
            // SQLite has no NaN or infinity: non-finite values are stored as NULL and read back as NaN.
            cmd.Parameters["$v"].Value = double.IsFinite(row.Value) ? row.Value : DBNull.Value;
            cmd.ExecuteNonQuery();
        }
    }

    private static void InsertArrays(SqliteConnection c, SqliteTransaction tx, string runId, IReadOnlyList<ArrayRow> rows)
    {
        foreach (ArrayRow row in rows)
        {
            using SqliteCommand cmd = Command(c, "INSERT INTO arrays(run_id, name, step, path) VALUES($id, $n, $s, $p)",
                ("$id", runId), ("$n", row.Name), ("$s", row.Step), ("$p", row.Path));
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }
    }

    internal static string StatusText(RunStatus status) => status.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}

using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

/// <summary>
/// Progress of runs being computed (schema version 3), for a dashboard: one row per run, replaced by each
/// report and dropped with the run's result (<see cref="Finish"/>) or when it is cancelled (<see cref="Forget"/>).
/// Progress is not a result: it never touches the runs, metrics or arrays tables, and writing it is best
/// effort, so it can never slow or fail a run (see <see cref="TryWriteProgress"/>).
/// </summary>
public sealed partial class RunStore
{
    /// <summary>How long a progress write waits for another process's write lock before it gives up (skips).</summary>
    private const int ProgressBusyMilliseconds = 200;

    /// <summary>
    /// Records that the runs <paramref name="runIds"/> (one run, or the pending members of an ensemble group,
    /// which train together) have done <paramref name="done"/> of <paramref name="total"/> units. Skips the write
    /// (returns false) rather than wait: when this process is writing already, when another process holds the
    /// lock for longer than a moment, or when the write fails (a full disk shows up at the run's own result).
    /// A run thread calls it, so it must never block for long; a skipped report is replaced by the next.
    /// </summary>
    public bool TryWriteProgress(string experiment, IReadOnlyCollection<string> runIds, int done, int total, string unit,
        double? etaSeconds, DateTimeOffset startedAt)
    {
        if (ReadOnly)
            throw new InvalidOperationException($"the run store '{DbPath}' was opened read-only");
        if (!_writeLock.TryEnter())
            return false;
        try
        {
            using SqliteConnection c = Connect();
            Execute(c, $"PRAGMA busy_timeout={ProgressBusyMilliseconds};");
            using SqliteTransaction tx = c.BeginTransaction();
            using SqliteCommand cmd = Command(c, """
                INSERT OR REPLACE INTO progress(run_id, experiment, done, total, unit, eta_s, started_at, updated_at)
                VALUES($id, $e, $d, $t, $u, $eta, $sa, $ua)
                """,
                ("$id", ""), ("$e", experiment), ("$d", done), ("$t", total), ("$u", unit), ("$eta", etaSeconds),
                ("$sa", Time(startedAt)), ("$ua", Time(DateTimeOffset.UtcNow)));
            cmd.Transaction = tx;
            foreach (string id in runIds)
            {
                cmd.Parameters["$id"].Value = id;
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>
    /// The progress rows of runs being computed (of <paramref name="experiment"/>, or all), by run id. A store of
    /// schema version 1 or 2 opened read-only has no progress table: it has no runs in progress to show.
    /// </summary>
    public IReadOnlyList<StoredProgress> Progress(string? experiment = null)
    {
        using SqliteConnection c = Connect();
        if (Scalar(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'progress'") is 0L)
            return [];
        using SqliteCommand cmd = Command(c, """
            SELECT run_id, experiment, done, total, unit, eta_s, started_at, updated_at FROM progress
            WHERE $e IS NULL OR experiment = $e ORDER BY run_id
            """, ("$e", experiment));
        return ReadAll(cmd, r => new StoredProgress(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3),
            r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5), ParseTime(r.GetString(6)), ParseTime(r.GetString(7))));
    }
}

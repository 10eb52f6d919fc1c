using Microsoft.Data.Sqlite;

namespace Tdlab.Lab.Store;

/// <summary>
/// Leases: before computing a run, a runner claims it in the leases table with an expiry, renews the lease
/// while it computes, and drops it with the run's result (<see cref="Finish"/>) or when the run is cancelled.
/// A second process on the same store skips runs with a live lease and takes over one whose lease expired
/// (or whose owner process is gone), so concurrent processes share a sweep without computing a run twice.
/// </summary>
public sealed partial class RunStore
{
    /// <summary>How long a lease lasts without renewal; runners renew it every third of this.</summary>
    public static TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Claims all of <paramref name="runIds"/> for <paramref name="owner"/> in one transaction, or none when
    /// another owner holds a live lease on any of them; returns whether they were claimed.
    /// </summary>
    public bool TryClaim(IReadOnlyCollection<string> runIds, string owner)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Write(c =>
        {
            // BEGIN IMMEDIATE (the default of BeginTransaction): the check and the claim happen under one write lock.
            using SqliteTransaction tx = c.BeginTransaction();
            foreach (string id in runIds)
            {
                using SqliteCommand get = Command(c, "SELECT owner, expires FROM leases WHERE run_id = $id", ("$id", id));
                get.Transaction = tx;
                using SqliteDataReader r = get.ExecuteReader();
                if (r.Read() && r.GetString(0) != owner && r.GetInt64(1) > now && LeaseOwner.MayBeAlive(r.GetString(0)))
                    return false;
            }

            foreach (string id in runIds)
            {
                using SqliteCommand put = Command(c, "INSERT OR REPLACE INTO leases(run_id, owner, expires) VALUES($id, $o, $x)",
                    ("$id", id), ("$o", owner), ("$x", now + (long)LeaseTime.TotalMilliseconds));
                put.Transaction = tx;
                put.ExecuteNonQuery();
            }

            tx.Commit();
            return true;
        });
    }

    /// <summary>Extends every lease of <paramref name="owner"/> by <see cref="LeaseTime"/> from now.</summary>
    public void Renew(string owner) => Write(c =>
    {
        using SqliteCommand cmd = Command(c, "UPDATE leases SET expires = $x WHERE owner = $o",
            ("$x", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)LeaseTime.TotalMilliseconds), ("$o", owner));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Drops leases of <paramref name="owner"/>: the given runs, or all when <paramref name="runIds"/> is null.</summary>
    public void Release(string owner, IEnumerable<string>? runIds = null) => Write(c =>
    {
        using SqliteTransaction tx = c.BeginTransaction();
        foreach (string? id in runIds?.Select(i => (string?)i) ?? [null])
        {
            using SqliteCommand cmd = Command(c, "DELETE FROM leases WHERE owner = $o AND ($id IS NULL OR run_id = $id)",
                ("$o", owner), ("$id", id));
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
        return 0;
    });

    /// <summary>
    /// Runs a write under the in-process lock on a fresh connection. A failing write (disk full, read-only
    /// file system, locked for longer than the busy timeout) becomes an <see cref="IOException"/> that names
    /// the store; the transaction is rolled back, so nothing half-written remains.
    /// </summary>
    private T Write<T>(Func<SqliteConnection, T> write)
    {
        if (ReadOnly)
            throw new InvalidOperationException($"the run store '{DbPath}' was opened read-only");
        lock (_writeLock)
        {
            try
            {
                using SqliteConnection c = Connect();
                return write(c);
            }
            catch (SqliteException e)
            {
                throw new IOException($"cannot write the run store '{DbPath}': {e.Message.ReplaceLineEndings(" ")}", e);
            }
        }
    }
}

using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// The progress table (schema version 3) under the store's rules: a version-2 store is read unmodified and upgraded
/// by <c>run</c>; a row left by a killed process neither stops a read-only command nor is written by one.
/// </summary>
public class ReliabilityProgressStoreTests
{
    [Fact]
    public void A_version_2_store_is_read_unmodified_and_upgraded_by_run()
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        string db = Path.Combine(runs, "runs.db");
        ReliabilityStores.Sql(db, "DROP TABLE progress; PRAGMA user_version = 2;");    // what tdlab wrote with leases
        var before = ReliabilityAssert.Snapshot(runs);

        Invocation claims = Invocation.Run("claims", "--out", runs);
        Assert.True(claims.ExitCode == 0, claims.Err);
        Assert.Equal(0, Invocation.Run("export", "toy-quadratic", "--out", runs, "--format", "csv").ExitCode);
        Assert.Empty(RunStore.OpenReadOnly(runs).Progress());
        Assert.Equal(before["runs.db"], ReliabilityAssert.Snapshot(runs)["runs.db"]);

        Invocation run = Invocation.Run("run", "toy-quadratic", "--out", runs, "--seeds", "1", "--set", "learning-rates=0.1,0.5,0.2",
            "--threads", "1");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal((long)RunStore.SchemaVersion, ReliabilityStores.Scalar(db, "PRAGMA user_version"));
        Assert.Equal(0L, ReliabilityStores.Scalar(db, "SELECT count(*) FROM progress"));
    }

    [Fact]
    public void A_progress_row_left_by_a_killed_run_is_shown_by_a_read_only_open_and_changes_nothing()
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        string db = Path.Combine(runs, "runs.db");
        ReliabilityStores.Sql(db, """
            INSERT INTO progress(run_id, experiment, done, total, unit, eta_s, started_at, updated_at)
            VALUES('00000000deadbeef', 'toy-quadratic', 40, 100, 'step', 12.5, '2026-12-01T10:00:00.0000000+00:00',
                   '2026-12-01T10:00:30.0000000+00:00');
            """);
        var before = ReliabilityAssert.Snapshot(runs);

        foreach (string command in (string[])["report", "claims", "export"])
        {
            Invocation r = Invocation.Run([.. ReliabilityStores.Commands[command].Select(a => a.Replace("{out}", runs))]);
            Assert.True(r.ExitCode == 0, $"{command}: {r.Err}");
        }

        StoredProgress row = Assert.Single(RunStore.OpenReadOnly(runs).Progress("toy-quadratic"));
        Assert.Equal(("00000000deadbeef", 40, 100, "step", 12.5), (row.RunId, row.Done, row.Total, row.Unit, row.EtaSeconds));
        Assert.Equal(before["runs.db"], ReliabilityAssert.Snapshot(runs)["runs.db"]);
    }
}

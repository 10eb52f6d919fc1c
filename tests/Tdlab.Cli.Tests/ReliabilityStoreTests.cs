using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// Damaged stores, one row per (damage, command): refused with exit 2 and one line, the folder unmodified;
/// and the schema version: written on creation, an unversioned store of an older tdlab accepted.
/// </summary>
public class ReliabilityStoreTests
{
    public static TheoryData<string, string> DamagedCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ReliabilityStores.Cases())
            foreach (string command in c.Commands)
                data.Add(c.Name, command);
        return data;
    }

    [Theory]
    [MemberData(nameof(DamagedCases))]
    public void Damaged_store_is_refused_without_modification(string damage, string command)
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        var c = ReliabilityStores.Cases().Single(x => x.Name == damage);
        c.Damage(Path.Combine(runs, "runs.db"));
        var before = ReliabilityAssert.Snapshot(runs);

        Invocation r = Invocation.Run([.. ReliabilityStores.Commands[command].Select(a => a.Replace("{out}", runs))]);

        ReliabilityAssert.BadInput(r, c.Mention);
        ReliabilityAssert.Unchanged(before, runs);
    }

    [Fact]
    public void A_new_store_carries_the_schema_version_and_tdlabs_application_id()
    {
        using var dir = new TempDir();
        string db = Path.Combine(ReliabilityBadInputTests.StoreWithOneSweep(dir), "runs.db");
        Assert.Equal((long)RunStore.SchemaVersion, ReliabilityStores.Scalar(db, "PRAGMA user_version"));
        Assert.Equal((long)RunStore.ApplicationId, ReliabilityStores.Scalar(db, "PRAGMA application_id"));
    }

    [Fact]
    public void An_unversioned_store_of_an_older_tdlab_is_read_unmodified_and_upgraded_by_run()
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        string db = Path.Combine(runs, "runs.db");
        // What the previous tdlab wrote: the four tables, no version, no application id, no leases or progress table.
        ReliabilityStores.Sql(db, "DROP TABLE leases; DROP TABLE progress; PRAGMA user_version = 0; PRAGMA application_id = 0;");
        var before = ReliabilityAssert.Snapshot(runs);
        string claims = Invocation.Run("claims", "--out", runs).Out;
        Assert.Contains("toy-quadratic/small-lr-converges", claims);

        Invocation readOnly = Invocation.Run("claims", "--out", runs);
        Assert.Equal(0, readOnly.ExitCode);
        Assert.Equal(claims, readOnly.Out);
        Assert.Equal(0, Invocation.Run("export", "toy-quadratic", "--out", runs, "--format", "csv").ExitCode);
        Assert.Equal(before[Path.Combine("runs.db")], ReliabilityAssert.Snapshot(runs)["runs.db"]);

        Invocation run = Invocation.Run("run", "toy-quadratic", "--out", runs, "--seeds", "1", "--set", "learning-rates=0.1,0.5",
            "--set", "log-arrays=true", "--threads", "1");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("2 already in the store", run.Out);
        Assert.Equal((long)RunStore.SchemaVersion, ReliabilityStores.Scalar(db, "PRAGMA user_version"));
    }

    [Fact]
    public void Read_only_commands_never_create_a_store()
    {
        using var dir = new TempDir();
        foreach (string command in (string[])["report", "claims", "export"])
        {
            string[] args = [.. ReliabilityStores.Commands[command].Select(a => a.Replace("{out}", dir["none"]))];
            ReliabilityAssert.BadInput(Invocation.Run(args), "no run store");
        }

        Assert.False(Directory.Exists(dir["none"]));
    }
}

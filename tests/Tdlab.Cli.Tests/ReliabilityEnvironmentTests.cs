using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// A hostile environment: files where folders belong, a store that refuses writes, and the rule that an
/// incomplete sweep never replaces the report of a complete one. One row per case where cases share a shape.
/// </summary>
public class ReliabilityEnvironmentTests
{
    /// <summary>Rows: a path under the output folder that is made a file, the command, a word of the message.</summary>
    public static TheoryData<string, string, string> FileInTheWay() => new()
    {
        { "toy-quadratic", "run", "is a file" },
        { "arrays", "run", "is a file" },
        { "arrays/toy-quadratic", "run", "is a file" },
        { "toy-quadratic", "report", "cannot write the report" },
    };

    [Theory]
    [MemberData(nameof(FileInTheWay))]
    public void A_file_where_a_folder_belongs_is_refused_before_anything_is_stored(string path, string command, string mention)
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        string target = Path.Combine(runs, path);
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        File.WriteAllText(target, "in the way");
        var before = ReliabilityAssert.Snapshot(runs);

        string[] args = command == "run"
            ? ["run", "toy-quadratic", "--out", runs, "--seeds", "2", "--set", "learning-rates=0.1,0.5", "--set", "log-arrays=true"]
            : [command, "--out", runs];
        ReliabilityAssert.BadInput(Invocation.Run(args), mention);
        ReliabilityAssert.Unchanged(before, runs);
    }

    [Fact]
    public void A_store_that_refuses_writes_stops_the_sweep_with_one_line_and_no_run_left_running()
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        string db = Path.Combine(runs, "runs.db");
        // A full disk, simulated where SQLite reports it: every write of a run's result fails.
        ReliabilityStores.Sql(db, "CREATE TRIGGER full BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");

        Invocation r = Invocation.Run("run", "toy-quadratic", "--out", runs, "--seeds", "2", "--set", "learning-rates=0.1,0.5");

        ReliabilityAssert.BadInput(r, "cannot write the run store", "disk is full");
        Assert.Equal(0L, ReliabilityStores.Scalar(db, "SELECT count(*) FROM runs WHERE status = 'running'"));
        Assert.Equal(0L, ReliabilityStores.Scalar(db, "SELECT count(*) FROM leases"));
        Assert.Equal(2L, ReliabilityStores.Scalar(db, "SELECT count(*) FROM runs"));
    }

    [Fact]
    public void An_incomplete_sweep_keeps_the_report_of_a_complete_one()
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        string report = Path.Combine(runs, "toy-quadratic", "report.md");
        string complete = File.ReadAllText(report);

        Invocation failing = Invocation.Run("run", "toy-quadratic", "--out", runs, "--seeds", "1",
            "--set", "learning-rates=0.1,0.5", "--set", "fail-learning-rate=0.5");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("kept from an earlier sweep", failing.Out);
        Assert.Equal(complete, File.ReadAllText(report));

        Invocation rebuilt = Invocation.Run("report", "--out", runs);
        Assert.Equal(0, rebuilt.ExitCode);
        Assert.Contains("kept from an earlier sweep", rebuilt.Out);
        Assert.Equal(complete, File.ReadAllText(report));
        Assert.Empty(Directory.GetFiles(runs, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_first_sweep_writes_its_report_even_when_incomplete()
    {
        using var dir = new TempDir();
        Invocation failing = Invocation.Run("run", "toy-quadratic", "--out", dir["runs"], "--seeds", "1",
            "--set", "learning-rates=0.1,0.5", "--set", "fail-learning-rate=0.5");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("the toy failed on purpose", File.ReadAllText(Path.Combine(dir["runs"], "toy-quadratic", "report.md")));
    }
}

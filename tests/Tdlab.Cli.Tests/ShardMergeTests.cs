using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// <c>run --shard i/N</c> and <c>merge</c>: the parts are deterministic, disjoint and whole, ensemble groups stay
/// together, and the merged store gives the claims of an unsharded run; conflicts and bad input are refused
/// with exit 2, one line, nothing written.
/// </summary>
public class ShardMergeTests
{
    private static readonly string[] Sweep = ["--seeds", "3", "--set", "learning-rates=0.1,0.3,0.5,0.7,50", "--set", "curvatures=1,2", "--set", "steps=30"];

    [Fact]
    public void Shards_are_disjoint_cover_the_plan_keep_ensemble_groups_whole_and_do_not_depend_on_plan_order()
    {
        var toy = new EnsembleQuadraticToy();
        ExperimentPlan plan = toy.Plan("quick", ["learning-rates=0.1,0.3,0.5,0.7,50", "curvatures=1,2,3"], 3);
        IReadOnlyList<HashSet<string>> parts = new Shard(0, 4).Assign([(toy, plan)]);

        Assert.Equal(plan.Runs.Count, parts.Sum(p => p.Count));
        Assert.Equal(plan.Runs.Select(r => r.Id).Order(), parts.SelectMany(p => p).Order());
        foreach (List<RunSpec> group in WorkUnits.Of(toy, plan))
            Assert.Single(parts, p => p.Contains(group[0].Id) && group.All(r => p.Contains(r.Id)));
        Assert.All(parts, p => Assert.NotEmpty(p));   // 9 groups of 5 runs over 4 parts: 15, 10, 10, 10

        // The same plan, its runs listed in another order, gives the same parts.
        ExperimentPlan reversed = plan with { Runs = plan.Runs.Reverse().ToList() };
        IReadOnlyList<HashSet<string>> again = new Shard(0, 4).Assign([(toy, reversed)]);
        Assert.Equal(parts.Select(p => string.Join(",", p.Order())), again.Select(p => string.Join(",", p.Order())));
    }

    [Fact]
    public void Merged_shards_give_the_claims_report_and_runs_of_an_unsharded_run()
    {
        using var dir = new TempDir();
        string[] sweep = [.. Sweep, "--set", "log-arrays=true"];
        Assert.Equal(0, Invocation.Run(["run", "toy-quadratic", "--out", dir["whole"], .. sweep]).ExitCode);
        for (int i = 0; i < 3; i++)
        {
            Invocation shard = Invocation.Run(["run", "toy-quadratic", "--out", dir[$"s{i}"], "--shard", $"{i}/3", .. sweep]);
            Assert.Equal(0, shard.ExitCode);
            Assert.Contains($"shard {i}/3", shard.Out);
            Assert.False(File.Exists(dir[$"s{i}/toy-quadratic/report.md"]));   // a shard's claims would judge part of the plan
        }

        Invocation merge = Invocation.Run("merge", dir["merged"], dir["s0"], dir["s1"], dir["s2"]);
        Assert.Equal(0, merge.ExitCode);
        Assert.Contains("merged 30 runs (0 duplicates kept once), 3 sweeps and 30 array files", merge.Out);

        string Claims(string folder) => Invocation.Run("claims", "--out", folder, "--json").Out;
        Assert.Equal(Claims(dir["whole"]), Claims(dir["merged"]));
        Invocation report = Invocation.Run("report", "--out", dir["merged"]);
        Assert.Equal(0, report.ExitCode);
        Assert.DoesNotContain("kept from an earlier sweep", report.Out);   // the merged sweep is complete

        RunStore whole = RunStore.OpenReadOnly(dir["whole"]), merged = RunStore.OpenReadOnly(dir["merged"]);
        var expected = whole.StoredRuns("toy-quadratic");
        var got = merged.StoredRuns("toy-quadratic");
        Assert.Equal(expected.Select(r => r.Record.Id), got.Select(r => r.Record.Id));
        Assert.All(expected.Zip(got), p => Assert.Null(p.First.DifferenceFrom(p.Second)));
        foreach (ArrayRow a in got.SelectMany(r => r.Arrays))
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole.OutDir, a.Path)), File.ReadAllBytes(Path.Combine(merged.OutDir, a.Path)));
        Assert.Equal(3, merged.Sweeps().Count);
        Assert.Empty(Directory.GetDirectories(dir["merged"], ".merge-*"));
    }

    [Fact]
    public void Sharded_ensemble_runs_merge_to_the_numbers_of_a_run_alone()
    {
        using var dir = new TempDir();
        IExperiment[] ensemble = [new EnsembleQuadraticToy()];
        Assert.Equal(0, Invocation.Run(["run", "toy-quadratic", "--out", dir["whole"], .. Sweep]).ExitCode);
        for (int i = 0; i < 2; i++)
            Assert.Equal(0, Invocation.RunWith(ensemble, ["run", "toy-quadratic", "--out", dir[$"s{i}"], "--shard", $"{i}/2", .. Sweep]).ExitCode);
        Assert.Equal(0, Invocation.Run("merge", dir["merged"], dir["s0"], dir["s1"]).ExitCode);
        Assert.Equal(Invocation.Run("claims", "--out", dir["whole"], "--json").Out, Invocation.Run("claims", "--out", dir["merged"], "--json").Out);
    }

    [Fact]
    public void A_run_present_twice_is_kept_once_when_identical_and_merging_again_changes_nothing()
    {
        using var dir = new TempDir();
        Invocation.Run(["run", "toy-quadratic", "--out", dir["a"], .. Sweep]);
        Invocation.Run(["run", "toy-quadratic", "--out", dir["b"], "--threads", "1", .. Sweep]);   // recomputed elsewhere: same numbers, other times

        Invocation first = Invocation.Run("merge", dir["m"], dir["a"], dir["b"]);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("merged 30 runs (30 duplicates kept once), 2 sweeps", first.Out);
        string claims = Invocation.Run("claims", "--out", dir["m"], "--json").Out;

        Invocation again = Invocation.Run("merge", dir["m"], dir["a"]);   // the store in OUT is merged too
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("merged 30 runs (30 duplicates kept once), 2 sweeps", again.Out);
        Assert.Equal(claims, Invocation.Run("claims", "--out", dir["m"], "--json").Out);
    }

    [Theory]
    [InlineData("UPDATE metrics SET value = value + 1e-9 WHERE rowid = 1", "metric")]
    [InlineData("UPDATE runs SET status = 'failed', message = 'x' WHERE rowid = 1", "status")]
    public void A_run_present_twice_with_different_results_is_refused_and_nothing_is_written(string change, string mention)
    {
        using var dir = new TempDir();
        Invocation.Run(["run", "toy-quadratic", "--out", dir["a"], .. Sweep]);
        Invocation.Run(["run", "toy-quadratic", "--out", dir["b"], .. Sweep]);
        ReliabilityStores.Sql(Path.Combine(dir["b"], "runs.db"), change);
        Invocation.Run("merge", dir["m"], dir["a"]);
        var before = ReliabilityAssert.Snapshot(dir["m"]);

        Invocation r = Invocation.Run("merge", dir["m"], dir["a"], dir["b"]);

        ReliabilityAssert.BadInput(r, "differs between", mention, "nothing was written");
        ReliabilityAssert.Unchanged(before, dir["m"]);
        Assert.False(Directory.Exists(dir["fresh"]));
        ReliabilityAssert.BadInput(Invocation.Run("merge", dir["fresh"], dir["a"], dir["b"]), "differs between");
        Assert.False(Directory.Exists(dir["fresh"]));
    }

    [Theory]
    [InlineData("3/3", "below N")]
    [InlineData("0/0", "at least 1")]
    [InlineData("-1/2", "takes i/N")]
    [InlineData("1", "takes i/N")]
    [InlineData("a/b", "takes i/N")]
    [InlineData("99999999999/2", "too large")]
    public void A_bad_shard_is_refused_before_anything_is_written(string shard, string mention)
    {
        using var dir = new TempDir();
        ReliabilityAssert.BadInput(Invocation.Run("run", "toy-quadratic", "--out", dir["out"], "--shard", shard), "--shard", mention);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public void Strict_with_a_shard_is_refused()
    {
        using var dir = new TempDir();
        ReliabilityAssert.BadInput(Invocation.Run("run", "toy-quadratic", "--out", dir["out"], "--shard", "0/2", "--strict"), "--strict");
    }

    [Fact]
    public void Merge_refuses_missing_foreign_newer_and_absent_stores_without_writing()
    {
        using var dir = new TempDir();
        Invocation.Run(["run", "toy-quadratic", "--out", dir["a"], .. Sweep]);
        Directory.CreateDirectory(dir["empty"]);
        Directory.CreateDirectory(dir["text"]);
        File.WriteAllText(dir["text/runs.db"], "not a database\n");
        Invocation.Run(["run", "toy-quadratic", "--out", dir["newer"], "--seeds", "1"]);
        ReliabilityStores.Sql(Path.Combine(dir["newer"], "runs.db"), "PRAGMA user_version = 99");

        ReliabilityAssert.BadInput(Invocation.Run("merge", dir["m"], dir["a"], dir["nowhere"]), "no such folder");
        ReliabilityAssert.BadInput(Invocation.Run("merge", dir["m"], dir["a"], dir["empty"]), "holds no run store");
        ReliabilityAssert.BadInput(Invocation.Run("merge", dir["m"], dir["a"], dir["text"]), "not a tdlab run store");
        ReliabilityAssert.BadInput(Invocation.Run("merge", dir["m"], dir["a"], dir["newer"]), "newer tdlab");
        ReliabilityAssert.BadInput(Invocation.Run("merge", dir["m"]));
        Assert.False(Directory.Exists(dir["m"]));
    }
}

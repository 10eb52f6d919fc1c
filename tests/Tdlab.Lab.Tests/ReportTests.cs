using System.Text.Json;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

public class ReportTests
{
    private readonly QuadraticToy _toy = new();

    [Fact]
    public void Claims_are_computed_from_the_latest_sweep_in_the_store()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", []));
        ExperimentReport report = ReportBuilder.Build(store, _toy)!;

        Assert.Equal(["small-lr-converges", "large-lr-diverges", "impossible"], report.Claims.Select(c => c.Id));
        Assert.Equal([true, true, false], report.Claims.Select(c => c.Holds));
        Assert.All(report.Claims, c => Assert.Equal("toy-quadratic", c.Experiment));
        Claim diverges = report.Claims[1];
        Assert.Equal(2, diverges.Measured);   // lr = 50 diverges in both replicates
        Assert.Equal(">= 1", diverges.Threshold);
        Assert.Equal("2 of 3 claims hold", report.ClaimsSummary);
    }

    [Fact]
    public void Report_only_counts_runs_of_the_latest_sweep()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", []));
        Sweeps.Run(store, _toy.Plan("quick", ["learning-rates=0.1"], seeds: 1));
        ExperimentReport report = ReportBuilder.Build(store, _toy)!;
        Assert.Single(report.Runs);
        Assert.Equal(6, store.Runs("toy-quadratic").Count);
        Assert.False(report.Claims.Single(c => c.Id == "large-lr-diverges").Holds);
    }

    [Fact]
    public void Report_files_contain_config_runs_figures_and_the_claims_table()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", ["steps=100", "fail-learning-rate=0.5"]));
        IReadOnlyList<ExperimentReport> reports = ReportBuilder.WriteAll(store, [_toy]);

        string md = File.ReadAllText(dir["toy-quadratic/report.md"]);
        string html = File.ReadAllText(dir["toy-quadratic/report.html"]);
        Assert.Contains("# Gradient descent on a 1-D quadratic (test fixture)", md);
        Assert.Contains("seed reference: test fixture", md);
        Assert.Contains("| `steps` | `100` |", md);
        Assert.Contains("| `seeds` | `2` |", md);
        Assert.Contains("6 = 3 grid points x 2 seeds", md);
        Assert.Contains("0 running, 2 complete, 2 diverged, 2 failed, 0 not run", md);
        Assert.Contains("| ✗ | a claim that cannot hold (`impossible`) |", md);
        Assert.Contains("**DOES NOT HOLD**", md);
        Assert.Contains("| ✓ | lr = 50 diverges (`large-lr-diverges`) | 2 | >= 1 | holds |", md);
        Assert.Contains("![final loss per run](loss.svg)", md);
        Assert.Contains("the toy failed on purpose", md);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<table class=\"claims\">", html);
        Assert.Contains("DOES NOT HOLD", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.True(File.Exists(dir["toy-quadratic/loss.svg"]));

        string index = File.ReadAllText(dir["index.html"]);
        Assert.Contains("href=\"toy-quadratic/report.html\"", index);
        Assert.Contains($"{reports[0].ClaimsHolding} of 3 hold", index);
    }

    [Fact]
    public void Index_lists_experiments_in_report_order_then_unregistered_ones()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", ["steps=20"]));
        ExperimentReport toy = ReportBuilder.Build(store, _toy)!;
        ExperimentReport second = toy with { Name = "a-second-experiment" };
        string html = IndexPage.Render(["a-second-experiment", "toy-quadratic", "zz-unregistered", "b-unregistered"], [toy, second]);
        int Where(string name) => html.IndexOf($"<code>{name}</code>", StringComparison.Ordinal);
        Assert.True(Where("toy-quadratic") < Where("a-second-experiment"), "registry order, not alphabetical");
        Assert.True(Where("a-second-experiment") < Where("zz-unregistered"));
        Assert.True(Where("zz-unregistered") < Where("b-unregistered"), "unregistered ones in the store's order");
    }

    [Fact]
    public void Claims_that_throw_become_one_claim_that_does_not_hold()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var broken = new BrokenClaims();
        new Runner.SweepRunner(store, 1).Run(broken, broken.Plan("quick", ["learning-rates=0.1"]));
        Claim claim = Assert.Single(ReportBuilder.Build(store, broken)!.Claims);
        Assert.Equal("claims-error", claim.Id);
        Assert.False(claim.Holds);
        Assert.Contains("DivideByZeroException", claim.Detail);
    }

    [Fact]
    public void Claim_helpers_compare_with_thresholds_and_reject_nan()
    {
        Assert.True(Claim.AtLeast("e", "a", "s", 2, 1).Holds);
        Assert.False(Claim.AtLeast("e", "a", "s", double.NaN, 1).Holds);
        Assert.False(Claim.AtMost("e", "a", "s", 2, 1).Holds);
        Claim between = Claim.Between("e", "a", "s", 0.5, 0.25, 1);
        Assert.True(between.Holds);
        Assert.Equal("in [0.25, 1]", between.Threshold);
    }

    [Fact]
    public void MeanStd_uses_finite_values_and_the_sample_deviation()
    {
        MeanStd m = MeanStd.Of([1, 2, 3, double.NaN, double.PositiveInfinity]);
        Assert.Equal((2.0, 1.0, 3, 5), (m.Mean, m.Std, m.Count, m.Total));
        Assert.Equal(0, MeanStd.Of([4]).Std);
        Assert.True(double.IsNaN(MeanStd.Of([]).Mean));
    }

    [Fact]
    public void Runs_group_by_config_keys()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        Sweeps.Run(store, _toy.Plan("quick", ["learning-rates=0.1,0.5", "curvatures=1,2"], seeds: 3));
        var groups = RunGroups.ByKeys(store.Runs("toy-quadratic"), "learning-rate").OrderBy(g => g.Key).ToList();
        Assert.Equal(["learning-rate=0.1", "learning-rate=0.5"], groups.Select(g => g.Key));
        Assert.All(groups, g => Assert.Equal(6, g.Count()));
        MeanStd final = RunGroups.Aggregate(groups[1], id => store.Final(id, "x"));
        Assert.Equal(6, final.Count);
        Assert.Equal(JsonValueKind.Number, store.Runs("toy-quadratic")[0].Config.GetProperty("curvature").ValueKind);
    }

    /// <summary>A toy whose claims throw.</summary>
    private sealed class BrokenClaims : Experiment<QuadraticConfig, QuadraticRun>
    {
        private readonly QuadraticToy _inner = new();

        public override string Name => "toy-broken";

        public override string Title => "broken claims";

        public override string SeedReference => "test fixture";

        public override QuadraticConfig Quick => _inner.Quick;

        public override QuadraticConfig Full => _inner.Full;

        public override IEnumerable<QuadraticRun> Grid(QuadraticConfig config) => _inner.Grid(config);

        public override void Run(Runner.RunContext<QuadraticRun> context) => _inner.Run(context);

        public override IEnumerable<Claim> Claims(Results<QuadraticRun> results)
        {
            int zero = results.Runs.Count - results.Runs.Count;
            yield return results.AtLeast("x", "x", 1 / zero, 0);
        }
    }
}

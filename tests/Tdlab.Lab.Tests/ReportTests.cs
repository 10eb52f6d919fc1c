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
        Assert.Equal([Verdict.Holds, Verdict.Inconclusive, Verdict.DoesNotHold], report.Claims.Select(c => c.Verdict));
        Assert.All(report.Claims, c => Assert.Equal("toy-quadratic", c.Experiment));
        Claim diverges = report.Claims[1];
        Assert.Equal(1, diverges.Measured);   // lr = 50 diverges in both replicates ...
        Assert.Equal(2, diverges.N);          // ... but two replicates never decide
        Assert.Equal("> 0.5", diverges.Threshold);
        Assert.Equal("1 hold, 1 does not hold, 1 inconclusive (of 3 claims); checks 1 of 1 pass", report.ClaimsSummary);
        Assert.True(report.Analysis.Valid);
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
        Assert.Equal(0, report.Claims.Single(c => c.Id == "large-lr-diverges").N);
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
        Assert.Contains("| ? inconclusive | a claim that cannot hold (`impossible`) |", md);   // the failed lr = 0.5 runs leave n = 2
        Assert.Contains("| ? inconclusive | lr = 50 diverges (`large-lr-diverges`) | fraction of lr >= 1 runs that diverged (Clopper-Pearson) (independent seed) | 1 [0.1581, 1] (n = 2, CP) | 2 | > 0.5 |", md);
        Assert.Contains("## Sanity checks", md);
        Assert.Contains("| passes | without noise x_k = (1 - lr a)^k (`closed-form`)", md);
        Assert.Contains("## Deviations from the seed", md);
        Assert.Contains("- **A toy.** The fixture tests the lab, not a seed.", md);
        Assert.Contains("| `loss` | 1 | a x^2 / 2 at step k |", md);
        Assert.Contains("![final loss per run](loss.svg)", md);
        Assert.Contains("the toy failed on purpose", md);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<table class=\"claims\">", html);
        Assert.Contains("<td class=\"inconclusive\">inconclusive</td>", html);
        Assert.Contains("<table class=\"checks\">", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.True(File.Exists(dir["toy-quadratic/loss.svg"]));

        string index = File.ReadAllText(dir["index.html"]);
        Assert.Contains("href=\"toy-quadratic/report.html\"", index);
        Assert.Contains(">0 hold</span>, <span class=\"fails\">0 do not hold</span>, <span class=\"inconclusive\">3 inconclusive</span>", index);
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
    public void Claims_that_throw_become_a_failing_check_that_makes_the_report_invalid()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var broken = BrokenClaims();
        new Runner.SweepRunner(store, 1).Run(broken, broken.Plan("quick", ["learning-rates=0.1"]));
        ExperimentReport report = ReportBuilder.Build(store, broken)!;
        Assert.Empty(report.Claims);
        Check check = Assert.Single(report.Checks, c => !c.Passes);
        Assert.Equal("claims-computed", check.Id);
        Assert.Contains("DivideByZeroException", check.Detail);
        Assert.False(report.Analysis.Valid);
        Assert.Contains("REPORT INVALID", report.ClaimsSummary);
    }

    [Fact]
    public void Reading_a_metric_the_family_does_not_declare_is_an_error_not_a_nan()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var stray = StrayMetric();
        new Runner.SweepRunner(store, 1).Run(stray, stray.Plan("quick", ["learning-rates=0.1"]));
        Check check = Assert.Single(ReportBuilder.Build(store, stray)!.Checks, c => !c.Passes);
        Assert.Contains("metric 'not-declared' is not declared by toy-quadratic", check.Detail);
    }

    [Fact]
    public void MeanStd_uses_finite_values_and_the_sample_deviation()
    {
        MeanStd m = MeanStd.Of([1, 2, 3, double.NaN, double.PositiveInfinity]);
        Assert.Equal((2.0, 1.0, 3, 5), (m.Mean, m.Std, m.Count, m.Total));
        Assert.Equal(0, MeanStd.Of([4]).Std);
        Assert.True(double.IsNaN(MeanStd.Of([]).Mean));
    }

    /// <summary>The toy under another name, with claims computed by <paramref name="claims"/>.</summary>
    private sealed class ToyWithClaims(string name, Func<Results<QuadraticRun>, IEnumerable<Claim>> claims) : Experiment<QuadraticConfig, QuadraticRun>
    {
        private readonly QuadraticToy _inner = new();

        public override string Name => name;

        public override string Title => name;

        public override string SeedReference => "test fixture";

        public override Metrics.MetricSet Metrics => _inner.Metrics;

        public override QuadraticConfig Quick => _inner.Quick;

        public override QuadraticConfig Full => _inner.Full;

        public override IEnumerable<QuadraticRun> Grid(QuadraticConfig config) => _inner.Grid(config);

        public override void Run(Runner.RunContext<QuadraticRun> context) => _inner.Run(context);

        public override IEnumerable<Claim> Claims(Results<QuadraticRun> results) => claims(results);
    }

    /// <summary>A toy whose claims throw.</summary>
    private static ToyWithClaims BrokenClaims() => new("toy-broken", results =>
    {
        int zero = results.Runs.Count - results.Runs.Count;
        return [results.Claim(QuadraticToy.Impossible, Estimate.Mean([1 / zero]))];
    });

    /// <summary>A toy whose claims read a metric it never declared.</summary>
    private static ToyWithClaims StrayMetric() => new("toy-stray", results =>
        [results.Claim(QuadraticToy.Impossible, Estimate.Mean(results.Done.Select(r => r.Final(Lab.Metrics.Metric.Of("not-declared", "1", "a typo")))))]);
}

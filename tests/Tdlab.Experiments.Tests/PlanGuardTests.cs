using System.Diagnostics;
using Tdlab.Lab;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Tests;

/// <summary>
/// Absurd settings and plans are refused within a second, before anything is built or stored (issue 12): every
/// floating-point key finite, sizes and counts in range, enums by name only, and a guard on the run count and on
/// the memory one unit of work would need (with the estimate in the message).
/// </summary>
public class PlanGuardTests
{
    public static TheoryData<string, string[], int?, string> Absurd => new()
    {
        { "init-variance", ["sigma-max=nan"], null, "finite" },
        { "init-variance", ["learning-rate=nan"], null, "finite" },
        { "init-variance", ["learning-rate=-1"], null, "> 0" },
        { "init-variance", ["test-size=0"], null, "> 0" },
        { "init-variance", ["classes=0"], null, ">= 2" },
        { "init-variance", ["input-dim=0"], null, "> 0" },
        { "init-variance", ["sigma-count=2147483647"], null, "<= 10000" },
        { "init-variance", [], 1_000_000, "more than 100000 runs" },
        { "init-variance", ["width=30000"], null, "GiB" },
        { "lipschitz", ["activation=-1"], null, "one of" },
        { "deep-linear", ["singular-values=Infinity"], null, "finite" },
        { "deep-linear", ["hierarchy-scale=0"], null, "> 0" },
        { "deep-linear", ["width=20000"], null, "GiB" },
        { "lazy-vs-feature", ["scale-count=2147483647"], null, "<= 10000" },
        { "lazy-vs-feature", ["widths=12000"], null, "GiB" },
        { "rnn-gating", ["probe-count=2147483647"], null, "<= 10000" },
        { "rnn-gating", ["hidden=30000"], null, "GiB" },
        { "isometry", ["width=30000"], null, "GiB" },
        { "signal-propagation", ["width=30000"], null, "GiB" },
        { "implicit-bias", ["gap=nan"], null, "finite" },
    };

    [Theory]
    [MemberData(nameof(Absurd))]
    public void Absurd_settings_and_plans_are_refused_before_the_plan_is_enumerated(string experiment, string[] overrides, int? seeds, string expected)
    {
        IExperiment family = ExperimentRegistry.All.Single(e => e.Name == experiment);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<BadInputException>(() => family.Plan("quick", overrides, seeds));
        // Enumerating one of these plans would take minutes or exhaust memory; refusal takes milliseconds. The bound
        // is loose so that a loaded machine does not fail it (a timing test, not a speed measurement).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_explicit_option_allows_a_large_plan()
    {
        IExperiment family = ExperimentRegistry.All.Single(e => e.Name == "deep-linear");
        Assert.Throws<BadInputException>(() => family.Plan("quick", ["width=20000"]));
        Assert.NotEmpty(family.Plan("quick", ["width=20000"], allowLarge: true).Runs);
    }

    [Fact]
    public void Every_full_preset_passes_the_guard()
    {
        // Synthetic data, so that the test does not depend on the Fashion-MNIST package being installed.
        foreach (IExperiment family in ExperimentRegistry.All)
            Assert.NotEmpty(family.Plan("full", family.Keys.Contains("data") ? ["data=synthetic"] : []).Runs);
    }
}

using Tdlab.Lab.Claims;

namespace Tdlab.Lab.Tests.Verdicts;

public class VerdictRuleTests
{
    [Fact]
    public void Rules_describe_themselves_in_invariant_g4()
    {
        Assert.Equal("> 0", Rule.Above(0).Describe());
        Assert.Equal("< 1", Rule.Below(1).ToString());
        Assert.Equal("in [0.5, 2]", Rule.Within(0.5, 2).Describe());
        Assert.Equal("> 0.3333", Rule.Above(1.0 / 3).Describe());
        Assert.Equal(Rule.Above(1), Rule.Above(1));
        Assert.Throws<ArgumentException>(() => Rule.Within(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule.Above(double.NaN));
    }

    [Fact]
    public void Decide_compares_the_interval_with_the_rule()
    {
        Estimate e = Estimate.FromSummary(1.0, 0.1, 10); // about [0.774, 1.226]
        Assert.Equal(Verdict.Holds, VerdictRule.Decide(e, Rule.Above(0.5)));
        Assert.Equal(Verdict.DoesNotHold, VerdictRule.Decide(e, Rule.Above(1.5)));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(e, Rule.Above(1.0)));
        Assert.Equal(Verdict.Holds, VerdictRule.Decide(e, Rule.Below(1.5)));
        Assert.Equal(Verdict.DoesNotHold, VerdictRule.Decide(e, Rule.Below(0.5)));
        Assert.Equal(Verdict.Holds, VerdictRule.Decide(e, Rule.Within(0.5, 1.5)));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(e, Rule.Within(0.9, 1.5)));
        Assert.Equal(Verdict.DoesNotHold, VerdictRule.Decide(e, Rule.Within(1.3, 2)));
        Assert.Equal(Verdict.DoesNotHold, VerdictRule.Decide(e, Rule.Within(0, 0.7)));
    }

    [Fact]
    public void A_withheld_claim_is_inconclusive_and_keeps_its_estimate()
    {
        var spec = new ClaimSpec("x", "x rises", new SeedStatement("seed", "1", "x rises"), "slope", Rule.Above(0));
        Claim holds = spec.Decide("family", Estimate.FromSummary(1.0, 0.1, 10));
        Assert.Equal(Verdict.Holds, holds.Verdict);
        Claim withheld = holds.Withheld("the nets did not learn");
        Assert.Equal(Verdict.Inconclusive, withheld.Verdict);
        Assert.Equal(holds.Evidence, withheld.Evidence);
        Assert.Equal("withheld: the nets did not learn", withheld.Note);
        Assert.Contains("(withheld: the nets did not learn)", withheld.RuleText);
    }

    [Fact]
    public void Too_few_replicates_or_no_value_is_inconclusive()
    {
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(Estimate.FromSummary(100, 0.001, 2), Rule.Above(0)));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(Estimate.Mean([100.0, 100.1]), Rule.Above(0)));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(Estimate.Mean([double.NaN, double.NaN, double.NaN]), Rule.Above(0)));
        Assert.Equal(Verdict.Holds, VerdictRule.Decide(Estimate.Mean([100.0, 100.1, 100.2]), Rule.Above(0)));
    }

    [Fact]
    public void Decide_on_a_t_estimate_agrees_with_the_one_sided_p_value_at_2_5_percent()
    {
        var rng = new Tdlab.Tensors.Random.Rng(11, "verdict-agreement");
        for (int rep = 0; rep < 500; rep++)
        {
            double[] xs = [.. Enumerable.Range(0, 3 + rep % 8).Select(_ => 0.5 + rng.NextNormal())];
            Estimate e = Estimate.Mean(xs);
            Verdict v = VerdictRule.Decide(e, Rule.Above(0));
            Assert.Equal(e.PValueNotAbove(0) < 0.025, v == Verdict.Holds);
            Assert.Equal(e.PValueNotBelow(0) < 0.025, v == Verdict.DoesNotHold);
        }
    }

    [Fact]
    public void Decide_all_holds_only_when_every_component_holds()
    {
        Estimate strong = Estimate.FromSummary(1.0, 0.1, 10);
        Estimate weak = Estimate.FromSummary(0.1, 0.1, 10);
        CompositeVerdict all = VerdictRule.DecideAll([strong, strong, Estimate.FromSummary(0.8, 0.1, 10)], Rule.Above(0));
        Assert.Equal(Verdict.Holds, all.Verdict);
        Assert.Equal(2, all.Deciding);
        Assert.Equal(0, all.Rejected);
        Assert.StartsWith("all 3 components hold (intersection-union test)", all.Note);

        CompositeVerdict one = VerdictRule.DecideAll([strong, weak, strong], Rule.Above(0));
        Assert.Equal(Verdict.Inconclusive, one.Verdict);
        Assert.Equal(1, one.Deciding);
        Assert.StartsWith("2 of 3 components hold, none fails", one.Note);
    }

    [Fact]
    public void Decide_all_fails_when_holm_rejects_and_reports_the_most_significant_failure()
    {
        Estimate strong = Estimate.FromSummary(1.0, 0.1, 10);
        Estimate bad = Estimate.FromSummary(-1.0, 0.1, 10);
        Estimate worse = Estimate.FromSummary(-2.0, 0.1, 10);
        CompositeVerdict v = VerdictRule.DecideAll([strong, bad, strong, worse], Rule.Above(0));
        Assert.Equal(Verdict.DoesNotHold, v.Verdict);
        Assert.Equal(3, v.Deciding);
        Assert.Equal(2, v.Rejected);
        Assert.StartsWith("2 of 4 components fail after Holm correction (family-wise 2.5% one-sided)", v.Note);
    }

    [Fact]
    public void Decide_all_needs_holm_not_a_bare_interval_to_fail()
    {
        // One-sided p = 0.02 < 0.025 fails a single component, but with k = 2 Holm needs p < 0.0125 first.
        double se = 1.0, df9 = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, 9, 0.98);
        Estimate marginal = Estimate.FromSummary(-df9 * se, se, 10);
        Assert.Equal(Verdict.DoesNotHold, VerdictRule.Decide(marginal, Rule.Above(0)));
        Assert.Equal(Verdict.DoesNotHold, VerdictRule.DecideAll([marginal], Rule.Above(0)).Verdict);
        Assert.Equal(Verdict.Inconclusive, VerdictRule.DecideAll([marginal, Estimate.FromSummary(1, 0.1, 10)], Rule.Above(0)).Verdict);
    }

    [Fact]
    public void Decide_all_never_holds_with_a_component_under_three_replicates()
    {
        Estimate strong = Estimate.FromSummary(1.0, 0.1, 10);
        Estimate two = Estimate.FromSummary(100.0, 0.1, 2);
        CompositeVerdict v = VerdictRule.DecideAll([strong, two], Rule.Above(0));
        Assert.Equal(Verdict.Inconclusive, v.Verdict);
        Assert.Equal(1, v.Deciding);
        Assert.Contains("1 with fewer than 3 replicates", v.Note);
        CompositeVerdict failing = VerdictRule.DecideAll([Estimate.FromSummary(-1, 0.1, 10), two], Rule.Above(0));
        Assert.Equal(Verdict.DoesNotHold, failing.Verdict);
        Assert.Equal(0, failing.Deciding);
    }

    [Fact]
    public void Within_components_fail_on_either_side()
    {
        Rule band = Rule.Within(0, 1);
        Estimate inside = Estimate.FromSummary(0.5, 0.05, 10);
        Estimate below = Estimate.FromSummary(-1.0, 0.05, 10);
        Estimate above = Estimate.FromSummary(2.0, 0.05, 10);
        Assert.Equal(Verdict.Holds, VerdictRule.DecideAll([inside, inside], band).Verdict);
        CompositeVerdict v = VerdictRule.DecideAll([inside, below, above], band);
        Assert.Equal(Verdict.DoesNotHold, v.Verdict);
        Assert.Equal(2, v.Rejected);
    }

    [Fact]
    public void Replicates_that_all_gave_one_value_cannot_decide_a_claim()
    {
        // A deterministic run repeated over seeds, or a discrete statistic that never moved: no spread, no evidence.
        Estimate same = Estimate.Mean([-0.99, -0.99, -0.99, -0.99]);
        Assert.True(VerdictRule.NoSpread(same));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(same, Rule.Below(-0.8)));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(same, Rule.Above(0)));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.DecideAll([same, same], Rule.Above(0)).Verdict);
        Assert.Equal(Verdict.Holds, VerdictRule.Decide(Estimate.Mean([-0.99, -0.98, -0.99, -0.97]), Rule.Below(-0.8)));
        Estimate rounding = Estimate.Mean([0.003, 0.003 * (1 + 1e-13), 0.003 * (1 - 2e-13)]);
        Assert.True(VerdictRule.NoSpread(rounding));
        Assert.Equal(Verdict.Inconclusive, VerdictRule.Decide(rounding, Rule.Below(0.02)));
    }
}

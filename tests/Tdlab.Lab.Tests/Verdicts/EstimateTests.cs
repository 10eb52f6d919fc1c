using Tdlab.Lab.Claims;

namespace Tdlab.Lab.Tests.Verdicts;

public class EstimateTests
{
    /// <summary>t_{0.975, 2} to full double precision.</summary>
    private const double T975Df2 = 4.302652729911275;

    [Fact]
    public void T_interval_of_one_two_three_matches_the_hand_computed_value()
    {
        // mean 2, s = 1, se = 1 / sqrt(3): half width 4.302652729911275 / sqrt(3) = 2.484137711843753.
        Estimate e = Estimate.Mean([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, e.Value, 12);
        Assert.Equal(2.0 - 2.484137711843753, e.Low, 9);
        Assert.Equal(2.0 + 2.484137711843753, e.High, 9);
        Assert.Equal(3, e.N);
        Assert.Equal(0, e.Dropped);
        Assert.Equal("t interval over 3 replicates", e.Method);
        Assert.Equal("2 [-0.4841, 4.484] (n = 3, t)", e.Describe());
    }

    [Fact]
    public void Non_finite_replicates_are_dropped_and_reported()
    {
        Estimate e = Estimate.Mean([1.0, double.NaN, 2.0, double.PositiveInfinity, 3.0]);
        Assert.Equal(3, e.N);
        Assert.Equal(2, e.Dropped);
        Assert.Equal(2.0 - 2.484137711843753, e.Low, 9);
        Assert.EndsWith("(n = 3, t, 2 dropped)", e.Describe());
    }

    [Fact]
    public void Fewer_than_two_replicates_give_an_unbounded_interval_and_no_evidence()
    {
        Estimate one = Estimate.Mean([5.0]);
        Assert.Equal(5.0, one.Value);
        Assert.Equal(double.NegativeInfinity, one.Low);
        Assert.Equal(double.PositiveInfinity, one.High);
        Assert.Equal(1.0, one.PValueNotAbove(0));
        Estimate none = Estimate.Mean([double.NaN]);
        Assert.True(double.IsNaN(none.Value));
        Assert.Equal(0, none.N);
        Assert.Equal(1, none.Dropped);
    }

    [Fact]
    public void From_summary_uses_t_with_n_minus_one_degrees_of_freedom()
    {
        Estimate e = Estimate.FromSummary(2.0, 1.0 / Math.Sqrt(3), 3);
        Assert.Equal(2.0 - 2.484137711843753, e.Low, 9);
        Assert.Equal(2.0 + 2.484137711843753, e.High, 9);
        Assert.True(double.IsNaN(Estimate.FromSummary(double.NaN, 1, 10).Value));
    }

    [Fact]
    public void T_p_values_cross_the_one_sided_level_exactly_at_the_interval_ends()
    {
        Estimate e = Estimate.Mean([1.0, 2.0, 3.0]);
        Assert.Equal(0.025, e.PValueNotAbove(e.Low), 9);
        Assert.Equal(0.025, e.PValueNotBelow(e.High), 9);
        Assert.Equal(0.5, e.PValueNotAbove(2.0), 12);
        // T = 2 / (1 / sqrt 3) = 3.4641 on 2 df: one-sided p = 0.5 (1 - T / sqrt(T^2 + 2)) = 0.037037 (closed form for df = 2).
        double t = 2 * Math.Sqrt(3);
        Assert.Equal(0.5 * (1 - t / Math.Sqrt(t * t + 2)), e.PValueNotAbove(0), 12);
        Assert.Equal(T975Df2 / Math.Sqrt(3), e.High - e.Value, 9);
    }

    [Theory]
    [InlineData(0, 10, 0.0, 0.30849710781876083)]
    [InlineData(5, 10, 0.18708602844739852, 0.81291397155260148)]
    [InlineData(10, 10, 0.6915028921812392, 1.0)]
    public void Clopper_pearson_matches_known_values(int k, int n, double low, double high)
    {
        // 0/10: high = 1 - 0.025^(1/10); 5/10: the root of P(X >= 5 | p) = 0.025 by bisection on the exact binomial sum.
        Estimate e = Estimate.Proportion(k, n);
        Assert.Equal((double)k / n, e.Value, 15);
        Assert.Equal(low, e.Low, 9);
        Assert.Equal(high, e.High, 9);
        Assert.Equal(n, e.N);
        Assert.Equal("Clopper-Pearson", e.Method);
    }

    [Fact]
    public void Binomial_p_values_are_the_exact_tails_the_interval_inverts()
    {
        Estimate e = Estimate.Proportion(5, 10);
        Assert.Equal(0.025, e.PValueNotAbove(e.Low), 9);
        Assert.Equal(0.025, e.PValueNotBelow(e.High), 9);
        // P(X >= 5 | n = 10, p = 1/2) = 638 / 1024.
        Assert.Equal(638.0 / 1024, e.PValueNotAbove(0.5), 12);
        Assert.Equal(638.0 / 1024, e.PValueNotBelow(0.5), 12);
        Assert.Equal(1.0, Estimate.Proportion(0, 10).PValueNotAbove(0.1));
        Assert.Equal(Math.Pow(0.9, 10), Estimate.Proportion(0, 10).PValueNotBelow(0.1), 12);
    }

    [Fact]
    public void Bootstrap_is_deterministic_for_a_seed_and_brackets_the_mean()
    {
        double[] xs = [0.1, 0.4, 0.35, 0.8, 0.2, 0.55];
        Estimate a = Estimate.Bootstrap(xs, r => r.Average(), seed: 7);
        Estimate b = Estimate.Bootstrap(xs, r => r.Average(), seed: 7);
        Estimate c = Estimate.Bootstrap(xs, r => r.Average(), seed: 8);
        Assert.Equal((a.Low, a.High), (b.Low, b.High));
        Assert.NotEqual((a.Low, a.High), (c.Low, c.High));
        Assert.Equal(xs.Average(), a.Value, 15);
        Assert.InRange(a.Value, a.Low, a.High);
        Assert.InRange(a.Low, xs.Min(), a.Value);
        Assert.Equal("percentile bootstrap over 6 replicates (4000 resamples)", a.Method);
        Assert.Equal(1.0 / 4001, a.PValueNotAbove(0.0), 15);
        Assert.Equal(1.0 / 4001, a.PValueNotBelow(1.0), 15);
    }

    [Fact]
    public void Bootstrap_drops_resamples_whose_statistic_is_not_finite()
    {
        double[] xs = [0.0, 1.0, 2.0, 3.0];
        // The statistic is undefined when the resample holds no 0; those resamples are dropped.
        Estimate e = Estimate.Bootstrap(xs, r => r.Contains(0.0) ? r.Average() : double.NaN, seed: 1, resamples: 1000);
        Assert.Matches(@"\(\d+ of 1000 resamples finite\)$", e.Method);
        Assert.Equal(1.5, e.Value, 15);
        Assert.True(double.IsFinite(e.Low) && double.IsFinite(e.High));
    }
}

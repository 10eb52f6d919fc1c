using System.Xml.Linq;
using Tdlab.Experiments.ImplicitBias;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class ImplicitBiasTests
{
    private static readonly string[] Tiny = ["dims=2", "points=20", "steps=2000", "net-width=8", "net-steps=300", "checkpoints-per-decade=6"];

    [Fact]
    public void GridIsLossesTimesDimsPlusOneNetPerLoss()
    {
        var runs = new ImplicitBiasExperiment().Plan("quick", [], seeds: 1).Runs.Select(r => (ImplicitBiasRun)r.Config).ToList();
        Assert.Equal(2 * 2 + 2, runs.Count);
        Assert.Equal([2, 10], runs.Where(r => r.IsLinear).Select(r => r.Dim).Distinct().Order());
        Assert.All(runs.Where(r => !r.IsLinear), r => Assert.Equal(2, r.Dim));
        Assert.Equal([MarginLoss.Exponential, MarginLoss.Logistic], runs.Select(r => r.Loss).Distinct().Order());
        // a net run carries the net's steps and step size in the shared keys, a linear run width 0 and init scale 0
        Assert.All(runs.Where(r => r.Model == ImplicitBiasModel.ReluNet), r => Assert.Equal((20_000, 0.05, 32, 1e3, 0.5), (r.Steps, r.LearningRate, r.Width, r.MaxLearningRate, r.InitScale)));
        Assert.All(runs.Where(r => r.IsLinear), r => Assert.Equal((100_000, 1.0, 0, 1.0, 0.0), (r.Steps, r.LearningRate, r.Width, r.MaxLearningRate, r.InitScale)));
    }

    [Fact]
    public void CheckpointsAreLogSpacedDistinctAndEndAtT()
    {
        var c = ImplicitBiasExperiment.Checkpoints(1000, 3);
        Assert.Equal([1, 2, 5, 10, 22, 46, 100, 215, 464, 1000], c);
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new ImplicitBiasExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        var first = run.Plan.Runs[0];
        // gamma(w_t) never exceeds the exact max margin, and the gap is stored as their difference.
        double max = run.Store.Final(first.Id, "max_margin");
        Assert.All(run.Store.Metric(first.Id, "margin"), p => Assert.True(p.Value <= max * (1 + 1e-9)));
        Assert.True(run.Store.Final(first.Id, "kkt_residual") <= 1e-9);
        Assert.Equal(6, run.Analysis.Claims.Count);
        Assert.Equal(["max-margin-kkt", "margin-below-max"], run.Analysis.Checks.Select(c => c.Id));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.Equal(5, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "losses=logistic"];
        using var one = FamilyRun.Start(new ImplicitBiasExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new ImplicitBiasExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, "margin"), two.Store.Metric(spec.Id, "margin"));
    }

    [Fact]
    public void GapRateOfAnExactOneOverClockCurveIsOneWhileTheNaiveLnTFitIsBiased()
    {
        // w_t = w^ (ln t - b) exactly: ||w_t|| = (ln t - b) / gamma*, gap = C / (ln t - b), with offset b = 6.
        const double gammaStar = 0.15, c = 0.3, b = 6;
        var steps = ImplicitBiasExperiment.Checkpoints(100_000, 12).Where(t => Math.Log(t) > b + 0.5);
        var rate = MarginGapRate.Of(steps.Select(t => (t, c / (Math.Log(t) - b), (Math.Log(t) - b) / gammaStar)), gammaStar);
        Assert.Equal(1, rate.Exponent, 10);
        Assert.Equal(b, rate.Offset, 10);
        Assert.Equal(1, rate.InverseGapRSquared, 10);
        // the log-log slope against ln t is ln t / (ln t - b) > 1.5 over ln t in [8.6, 11.5]
        Assert.True(rate.LnTExponent > 1.5, $"naive exponent {rate.LnTExponent}");
        Assert.Equal(15, rate.Points);
    }

    [Fact]
    public void GapRateRecoversOtherExponentsAndUsesOnlyTheLateCheckpoints()
    {
        // gap = tau^-2 over the late checkpoints; the early ones (t < T^(3/4)) are garbage and must be ignored.
        const double gammaStar = 0.2;
        var points = ImplicitBiasExperiment.Checkpoints(10_000, 8)
            .Select(t => (t, t < 1000 ? 1.0 / t : Math.Pow(Math.Log(t) + 1, -2), (Math.Log(t) + 1) / gammaStar));
        var rate = MarginGapRate.Of(points, gammaStar);
        Assert.Equal(2, rate.Exponent, 10);
        Assert.Equal(-1, rate.Offset, 10);
        Assert.True(double.IsNaN(MarginGapRate.Of([], gammaStar).Exponent));
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new ImplicitBiasExperiment();
        Assert.Contains("loss", Assert.Throws<BadInputException>(() => e.Plan("quick", ["losses=hinge"])).Message);
        Assert.Contains("dims", Assert.Throws<BadInputException>(() => e.Plan("quick", ["dims=0"])).Message);
        Assert.Contains("net-steps", Assert.Throws<BadInputException>(() => e.Plan("quick", ["net-steps=5"])).Message);
        Assert.Contains("gap", Assert.Throws<BadInputException>(() => e.Plan("quick", ["gap=-1"])).Message);
        e.Plan("quick", ["net-width=0", "net-steps=5"]);
    }

    [Fact]
    public void APlantedGrowingGapTurnsTheMarginClaimToDoesNotHold()
    {
        // Five replicates whose gap grows from t = 10 to T instead of closing: gap(T) / gap(10) about 2.
        var ratios = Enumerable.Range(0, 5).Select(rep => ImplicitBiasExperiment.Shrink(
            ImplicitBiasExperiment.Checkpoints(1000, 3).Select(t => (t, 0.01 * (1 + 0.02 * rep * Math.Log10(t)) * Math.Log(1 + t))).ToList())).ToList();
        Assert.All(ratios, r => Assert.InRange(r, 2, 4));
        Assert.Equal(Verdict.DoesNotHold, ImplicitBiasExperiment.MarginApproachesMax.Decide("implicit-bias", Estimate.Mean(ratios)).Verdict);
        // and one (loss, d) on the wrong side is enough for the every-condition claim.
        var claim = ImplicitBiasExperiment.MarginApproachesMax.DecideAll("implicit-bias",
            [("exponential d=2", Estimate.Mean([0.2, 0.21, 0.19, 0.2, 0.22])), ("logistic d=2", Estimate.Mean(ratios))]);
        Assert.Equal(Verdict.DoesNotHold, claim.Verdict);
    }

    [Fact]
    public void TheQuickPresetHasFiveDataSetsPerDimension() => Assert.Equal(5, new ImplicitBiasExperiment().Quick.Seeds);

    [Fact]
    public void APlantedFasterRateTurnsBothRateClaimsToDoesNotHold()
    {
        // gaps that close like clock^-2 (with some spread between data sets) instead of 1 / clock, on the seed's clock and on Soudry's.
        const int n = 100;
        var steps = ImplicitBiasExperiment.Checkpoints(100_000, 12);
        var seed = Enumerable.Range(0, 5).Select(rep =>
        {
            double gamma = 0.12 + 0.01 * rep;
            return MarginGapRate.ExponentAgainst(steps.Select(t => (t, 0.3 * Math.Pow(MarginGapRate.TelgarskyClock(t, n, gamma), -2 - 0.05 * rep))),
                t => MarginGapRate.TelgarskyClock(t, n, gamma));
        }).ToList();
        Assert.All(seed, p => Assert.InRange(p, 1.9, 2.3));
        Assert.Equal(Verdict.DoesNotHold, ImplicitBiasExperiment.GapRate.DecideAll("implicit-bias", [("exponential d=2", Estimate.Mean(seed))]).Verdict);

        var soudry = Enumerable.Range(0, 5).Select(rep => MarginGapRate.Of(
            steps.Select(t => (t, Math.Pow(Math.Log(t) + 1, -2 - 0.05 * rep), (Math.Log(t) + 1) / 0.2)), 0.2).Exponent).ToList();
        Assert.Equal(Verdict.DoesNotHold, ImplicitBiasExperiment.GapRateSoudry.DecideAll("implicit-bias", [("logistic d=10", Estimate.Mean(soudry))]).Verdict);
    }

    [Fact]
    public void TheSeedsBoundIsVacuousAtAffordableTAndAPlantedViolationDoesNotHold()
    {
        // n = 100, gamma* = 0.15: ln n / tau(t) exceeds gamma* until ln t is about 33, far beyond 1e5 steps.
        Assert.True(MarginGapRate.TelgarskyBound(1e5, 100, 0.15) < 0);
        Assert.True(MarginGapRate.TelgarskyBound(Math.Exp(40), 100, 0.15) > 0);
        Assert.InRange(ImplicitBiasExperiment.LnTWhereBoundStarts(100, 0.15), 30, 36);
        // tau(t) = ln t + ln(2 n gamma^2) - ln ln(2 t n e gamma^2)
        double t = 1e6, g = 0.2;
        Assert.Equal(Math.Log(t) + Math.Log(2 * 100 * g * g) - Math.Log(Math.Log(2 * t * 100 * Math.E * g * g)), MarginGapRate.TelgarskyClock(t, 100, g), 12);
    }

    [Fact]
    public void PlantedSmoothMarginsBelowTheBoundTurnTheBoundClaimToDoesNotHold()
    {
        // Through the claim's own statistic (BoundSlack of a run's smooth-margin checkpoints): n = 4 points and γ* = 0.5, where the seed's
        // bound γ* − ln n / τ(t), τ(t) = ln t + ln(2nγ*²) − ln ln(2tneγ*²), is vacuous (≤ 0) at t = 1 and 10 and positive from t = 100
        // (0.10 at t = 100, 0.36 at t = 1e5). Per replicate: min over t ≥ 100 of (γ̃(t) − bound(t)) / γ*, decided for two dimensions together.
        const int n = 4;
        const double gamma = 0.5;
        int[] steps = [1, 10, 100, 1000, 10000, 100000];
        Assert.True(MarginGapRate.TelgarskyBound(10, n, gamma) <= 0 && MarginGapRate.TelgarskyBound(100, n, gamma) > 0);
        // smoothMargin(t, rep) -> the planted γ̃(w_t) of replicate rep.
        Claim Decide(Func<int, int, double> smoothMargin) => ImplicitBiasExperiment.AboveBound.DecideAll("implicit-bias",
            new[] { "exponential d=2", "exponential d=10" }.Select(label => (label, Estimate.Mean(Enumerable.Range(0, 5).Select(rep =>
                ImplicitBiasExperiment.BoundSlack(steps.Select(t => (t, smoothMargin(t, rep))), n, gamma).Slack)))).ToList());

        // a smooth margin stuck near 0.05 (the planted violation: below the bound at every non-vacuous checkpoint) does not hold ...
        Assert.Equal(Verdict.DoesNotHold, Decide((t, rep) => 0.05 + 0.001 * rep).Verdict);
        // ... one that has climbed to 0.45-0.46 (above the bound's 0.36 at t = 1e5, below γ*) holds.
        Assert.Equal(Verdict.Holds, Decide((t, rep) => 0.45 + 0.001 * rep).Verdict);
        // the vacuous checkpoints give no value: a run's slack is read from t = 100 on.
        var slack = ImplicitBiasExperiment.BoundSlack(steps.Select(t => (t, t < 100 ? -1.0 : 0.45)), n, gamma);
        Assert.Equal((100, 2, 6), (slack.FirstUseful, slack.Vacuous, slack.Checkpoints));
        Assert.True(slack.Slack > 0);
    }

    [Fact]
    public void APlantedFallingNetMarginTurnsTheIncreaseClaimToDoesNotHold()
    {
        // a margin that falls after the fit at most checkpoints, with a different number of rises per replicate.
        var fractions = Enumerable.Range(0, 5).Select(rep => ImplicitBiasExperiment.RisingFractionOf(
            ImplicitBiasExperiment.Checkpoints(1000, 6).Select((t, k) => (t, k < 3 + rep % 3 ? k : 3 + rep % 3 - 0.5 * k)).ToList(), 1)).ToList();
        Assert.All(fractions, f => Assert.InRange(f, 0.01, 0.3));
        Assert.Equal(Verdict.DoesNotHold, ImplicitBiasExperiment.NetMarginIncreases.DecideAll("implicit-bias",
            [("exponential", Estimate.Mean(fractions)), ("logistic", Estimate.Mean([0.9, 0.95, 0.92]))]).Verdict);
        Assert.True(double.IsNaN(ImplicitBiasExperiment.RisingFractionOf([(1, 0.5)], 1)));
    }

    [Fact]
    public void APlantedWideningAngleTurnsTheDirectionClaimToDoesNotHold()
    {
        // the angle to w* grows from t = 10 to T (by 50% to 90% over the data sets) instead of closing.
        var ratios = Enumerable.Range(0, 5).Select(rep => ImplicitBiasExperiment.Shrink(
            ImplicitBiasExperiment.Checkpoints(10_000, 4).Select(t => (t, 0.05 * (1 + (0.5 + 0.1 * rep) * Math.Log10(t) / 4))).ToList())).ToList();
        Assert.All(ratios, r => Assert.InRange(r, 1.2, 1.8));
        Assert.Equal(Verdict.DoesNotHold, ImplicitBiasExperiment.AngleVanishes.DecideAll("implicit-bias",
            [("exponential d=10", Estimate.Mean(ratios)), ("logistic d=10", Estimate.Mean([0.2, 0.22, 0.21]))]).Verdict);
    }
}

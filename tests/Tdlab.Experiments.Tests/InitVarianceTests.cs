using System.Xml.Linq;
using Tdlab.Experiments.InitVariance;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class InitVarianceTests
{
    private static readonly string[] Tiny =
    [
        "depth=3", "width=16", "sigma-count=3", "epochs=2", "train-size=256", "test-size=64", "input-dim=8", "classes=3",
    ];

    [Fact]
    public void GridIsTheLogSweepPlusTheNamedSchemes()
    {
        var plan = new InitVarianceExperiment().Plan("quick", ["sigma-count=9", "control-rates=0"], seeds: 2);
        var runs = plan.Runs.Select(r => (InitVarianceRun)r.Config).ToList();
        Assert.Equal((9 + 2) * 2, runs.Count);
        var sigmas = runs.Where(r => r.IsSweep).Select(r => r.Sigma).Distinct().OrderBy(s => s).ToArray();
        Assert.Equal(1e-3, sigmas[0]);
        Assert.Equal(10, sigmas[^1]);
        for (int i = 1; i < sigmas.Length; i++) Assert.Equal(Math.Sqrt(10), sigmas[i] / sigmas[i - 1], 1e-5);
        Assert.Equal([Scheme.Xavier, Scheme.Kaiming], runs.Where(r => !r.IsSweep).Select(r => r.Scheme).Distinct().Order());
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new InitVarianceExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var first = run.Plan.Runs[0];
        Assert.Equal([0, 1, 2], run.Store.Metric(first.Id, "loss").Select(p => p.Step));
        Assert.Equal(3, Enumerable.Range(1, 3).Count(l => double.IsFinite(run.Store.Final(first.Id, $"act_m2_l{l}"))));
        Assert.Equal(["band-trains", "vanishing-stalls", "exploding-fails", "kaiming-beats-xavier", "kaiming-variance-recursion", "xavier-variance-recursion",
            "band-width", "band-width-tuned", "gradient-stable", "gradient-stable-per-example"], run.Analysis.Claims.Select(c => c.Id));
        Assert.Equal(3 + 1, Enumerable.Range(1, 4).Count(l => run.Store.Metric(first.Id, $"grad_rms_example_l{l}").Length == 1));
        Assert.Equal(["forward-homogeneity", "gradient-homogeneity"], run.Analysis.Checks.Select(c => c.Id));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.Equal(5, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void TheDefaultSweepRunsNoControlAndTheQuickPresetRunsOne()
    {
        var e = new InitVarianceExperiment();
        Assert.Equal(9 + 2, e.Grid(new InitVarianceConfig()).Count());
        var quick = e.Grid(e.Quick).ToList();
        Assert.Equal(17 * 2 + 2, quick.Count);
        Assert.Equal([0.0005, 0.05], quick.Where(r => r.IsSweep).Select(r => r.LearningRate).Distinct().Order());
        // At least 4 grid points per decade around sqrt(2/width).
        var sigmas = quick.Where(r => r.IsSweep).Select(r => r.Sigma).Distinct().Order().ToArray();
        Assert.True(sigmas.Length - 1 >= 4 * Math.Log10(sigmas[^1] / sigmas[0]) - 1e-9);
    }

    [Fact]
    public void BandWidthIsInterpolatedInLogSigmaAndZeroWhenTheCentreFails()
    {
        double[] sigmas = [0.01, 0.1, 1, 10];
        // Centre 0.1 (critical 0.125): trains 0.1 and 1; edges where the margin crosses 0.25 between the neighbours.
        double width = InitVarianceExperiment.BandDecades(sigmas, [0.05, 0.45, 0.45, double.NegativeInfinity], 0.125);
        Assert.Equal(1 + 0.5 + 0.2 / 1.45, width, 12);
        Assert.Equal(0, InitVarianceExperiment.BandDecades(sigmas, [0.5, 0.1, 0.5, 0.5], 0.125));
    }

    [Fact]
    public void PlantedViolationsMakeEveryMainClaimFail()
    {
        // The band-width claims on hand-made wrong-side data with some variation between replicates (the other main claims are
        // planted through their per-run functions in the tests below).
        Verdict Decide(ClaimSpec spec, double[] perSeed) => spec.Decide("init-variance", Estimate.Mean(perSeed)).Verdict;
        // Narrow bands from the claim's own helper: only the centre trains, neighbours at chance (per-seed margins vary).
        double[] grid = [0.01, 0.0316, 0.1, 0.316, 1];
        var narrow = new[] { 0.3, 0.35, 0.4, 0.45, 0.5 }.Select(m => InitVarianceExperiment.BandDecades(grid, [0, 0, m, 0, double.NegativeInfinity], 0.125)).ToArray();
        Assert.Equal(Verdict.DoesNotHold, Decide(InitVarianceExperiment.BandWidth, narrow));
        Assert.Equal(Verdict.DoesNotHold, Decide(InitVarianceExperiment.BandWidthTuned, narrow));
        var broad = new[] { 0.3, 0.35, 0.4, 0.45, 0.5 }.Select(m => InitVarianceExperiment.BandDecades(grid, [0, m, 0.5, m, 0], 0.125)).ToArray();
        Assert.Equal(Verdict.Holds, Decide(InitVarianceExperiment.BandWidth, broad));
    }

    [Fact]
    public void PlantedLossMovingAtTheSmallestSigmaDoesNotHold()
    {
        // Per seed the training loss (L_0, L_end) of the run at the smallest sigma; the statistic is |L_end - L_0| / L_0, the claim
        // needs it below 0.01.
        Estimate Changes(params (double Initial, double Final)[] seeds) =>
            Estimate.Mean(seeds.Select(p => InitVarianceExperiment.RelativeLossChange(p.Initial, p.Final)));
        // Violation: the loss falls from ln 10 = 2.30 by about half in every seed (the signal does not vanish).
        var moving = Changes((2.30, 1.15), (2.31, 1.3), (2.29, 1.0), (2.30, 1.2), (2.30, 1.1));
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.VanishingStalls.Decide("init-variance", moving).Verdict);
        // The seed's effect: the loss stays at ln 10 up to 1e-5 relative.
        var stalled = Changes((2.302585, 2.30257), (2.302585, 2.30259), (2.302585, 2.302575), (2.302585, 2.302595), (2.302585, 2.30258));
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.VanishingStalls.Decide("init-variance", stalled).Verdict);
        Assert.Equal(0.5, InitVarianceExperiment.RelativeLossChange(2, 3), 12);   // a rising loss counts too
    }

    [Fact]
    public void PlantedLargestSigmaTrainingInMostSeedsDoesNotHold()
    {
        // Per seed the run at the largest sigma: (diverged, final test accuracy), 10 classes (chance 0.1). A run fails when it diverged
        // or ended below chance + 0.1 = 0.2; the statistic is the fraction that fail (Clopper-Pearson), the claim needs it above 1/2.
        Estimate FailedFraction(params (bool Diverged, double Accuracy)[] seeds) =>
            Estimate.Proportion(seeds.Count(p => InitVarianceExperiment.Failed(p.Diverged, p.Accuracy, 10)), seeds.Length);
        // Violation: the largest sigma trains to 0.5..0.6 in 9 of 10 seeds, one diverges (upper bound of 1/10 is 0.45).
        var trains = FailedFraction((false, 0.55), (false, 0.6), (true, double.NaN), (false, 0.5), (false, 0.58),
            (false, 0.52), (false, 0.57), (false, 0.54), (false, 0.59), (false, 0.56));
        Assert.Equal(0.1, trains.Value, 12);
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.ExplodingFails.Decide("init-variance", trains).Verdict);
        // The seed's effect: every seed diverges or stalls near chance (a NaN accuracy counts as failed).
        var fails = FailedFraction((true, double.NaN), (false, 0.1), (false, 0.12), (true, 0.1), (false, double.NaN),
            (false, 0.19), (true, double.NaN), (false, 0.09));
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.ExplodingFails.Decide("init-variance", fails).Verdict);
        Assert.False(InitVarianceExperiment.Failed(false, 0.2, 10));   // exactly chance + 0.1 is not stalled
    }

    [Fact]
    public void PlantedGradientNormsGrowingOrShrinkingPerLayerDoNotHold()
    {
        // Per seed k the weight-gradient norms of hidden-to-hidden layers l = 2..6 at init: g_l = g_2 r^(l-2) times a small wobble; the
        // statistic is the least-squares slope of ln g_l against l, i.e. ln r. Both claims need it within [-0.1, 0.1].
        double[] Norms(double r, int seed) =>
            Enumerable.Range(0, 5).Select(i => 0.04 * Math.Pow(r, i) * (1 + 0.03 * Math.Sin(2 * seed + 5 * i))).ToArray();
        Estimate Slopes(double r) => Estimate.Mean(Enumerable.Range(0, 5).Select(k => InitVarianceExperiment.LogLayerSlope(Norms(r, k))));
        Assert.Equal(Math.Log(2), InitVarianceExperiment.LogLayerSlope([1, 2, 4, 8]), 12);
        // Violation: the batch gradient norm doubling per layer at the critical init.
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.GradientStable.Decide("init-variance", Slopes(2.0)).Verdict);
        // Violation: the per-example gradient RMS halving per layer.
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.GradientStableExample.Decide("init-variance", Slopes(0.5)).Verdict);
        // The seed's effect: the norm constant across layers up to the wobble.
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.GradientStable.Decide("init-variance", Slopes(1.0)).Verdict);
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.GradientStableExample.Decide("init-variance", Slopes(1.0)).Verdict);
        Assert.True(double.IsNaN(InitVarianceExperiment.LogLayerSlope([1, 0, 1])));   // a zero norm gives no value
    }

    [Fact]
    public void PlantedBandThatTrainsOnlyFarFromTheCriticalSigmaDoesNotHold()
    {
        // Width 128: critical sigma sqrt(2/128) = 0.125, nearest grid point 0.1 (|ln(0.1/0.125)| = 0.22 < |ln(0.316/0.125)| = 0.93).
        // 10 classes, chance 0.1; each seed's final test accuracy per sigma of the grid.
        double[] grid = [0.01, 0.0316, 0.1, 0.316, 1];
        double nearest = InitVarianceExperiment.NearestToCritical(grid, 128);
        Assert.Equal(0.1, nearest);
        int at = Array.IndexOf(grid, nearest);
        Estimate AtNearest(params double[][] accuracies) =>
            Estimate.Mean(accuracies.Select(a => InitVarianceExperiment.AccuracyAboveChance(false, a[at], 10)));
        // Violation: only sigma = 1 trains; at 0.1 each seed ends 0.04..0.07 above chance (< the 0.25 margin).
        var far = AtNearest([0.1, 0.1, 0.14, 0.3, 0.8], [0.1, 0.11, 0.16, 0.35, 0.82], [0.1, 0.1, 0.13, 0.28, 0.79], [0.1, 0.1, 0.17, 0.33, 0.8]);
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.BandTrains.Decide("init-variance", far).Verdict);
        // The seed's effect: 0.1 trains to 0.7..0.75 (0.6..0.65 above chance).
        var near = AtNearest([0.1, 0.3, 0.7, 0.6, 0.1], [0.1, 0.35, 0.75, 0.62, 0.1], [0.1, 0.32, 0.72, 0.58, 0.1], [0.1, 0.3, 0.71, 0.61, 0.1]);
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.BandTrains.Decide("init-variance", near).Verdict);
        Assert.True(double.IsNaN(InitVarianceExperiment.AccuracyAboveChance(true, 0.9, 10)));   // a diverged run gives no value
    }

    [Fact]
    public void PlantedXavierEndingBelowKaimingDoesNotHold()
    {
        // Per seed the final training losses (Kaiming, Xavier); the statistic is ln(L_Kaiming / L_Xavier), the claim needs it below 0.
        Estimate Paired(params (double Kaiming, double Xavier)[] seeds) =>
            Estimate.Mean(seeds.Select(p => InitVarianceExperiment.KaimingOverXavier(p.Kaiming, p.Xavier)));
        var xavierLower = Paired((0.9, 0.6), (1.1, 0.8), (0.7, 0.5), (0.95, 0.62), (1.0, 0.7));
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.KaimingBeatsXavier.Decide("init-variance", xavierLower).Verdict);
        var kaimingLower = Paired((0.6, 0.9), (0.8, 1.1), (0.5, 0.7), (0.62, 0.95), (0.7, 1.0));
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.KaimingBeatsXavier.Decide("init-variance", kaimingLower).Verdict);
    }

    [Fact]
    public void PlantedSwappedVarianceRecursionsDoNotHold()
    {
        // Per seed the second moments E[F_l^2], l = 1..5, of one run: m2_l = m2_1 rho^(l-1) times a small wobble per layer; the statistic
        // is the geometric-mean ratio (m2_5 / m2_1)^(1/4) = rho. Kaiming's claim needs rho in [0.8, 1.25], Xavier's in [0.4, 0.6].
        double[] Moments(double rho, int seed) =>
            Enumerable.Range(0, 5).Select(l => 1.3 * Math.Pow(rho, l) * (1 + 0.02 * Math.Sin(seed + 3 * l))).ToArray();
        Estimate Ratios(double rho) => Estimate.Mean(Enumerable.Range(0, 5).Select(k => InitVarianceExperiment.LayerRatio(Moments(rho, k))));
        Assert.Equal(0.5, InitVarianceExperiment.LayerRatio([2, 1, 0.5, 0.25, 0.125]), 12);
        // Violation: the schemes swapped, Kaiming halving the signal per layer and Xavier keeping it.
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.KaimingRecursion.Decide("init-variance", Ratios(0.5)).Verdict);
        Assert.Equal(Verdict.DoesNotHold, InitVarianceExperiment.XavierRecursion.Decide("init-variance", Ratios(1.0)).Verdict);
        // The seed's recursions: Kaiming rho = 1, Xavier rho = 1/2.
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.KaimingRecursion.Decide("init-variance", Ratios(1.0)).Verdict);
        Assert.Equal(Verdict.Holds, InitVarianceExperiment.XavierRecursion.Decide("init-variance", Ratios(0.5)).Verdict);
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "sigma-count=1", "sigma-min=0.3", "sigma-max=0.3", "schemes=kaiming"];
        using var one = FamilyRun.Start(new InitVarianceExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new InitVarianceExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, "loss"), two.Store.Metric(spec.Id, "loss"));
    }

    [Fact]
    public void ASweepMemberTrainedInTheEnsembleMatchesItTrainedAlone()
    {
        string[] sweep = [.. Tiny, "precision=float64", "schemes=", "sigma-min=0.05", "sigma-max=0.5", "sigma-count=3", "control-rates=0"];
        using var together = FamilyRun.Start(new InitVarianceExperiment(), sweep);
        var middle = together.Plan.Runs.Single(r => ((InitVarianceRun)r.Config).Sigma == Math.Round(Math.Sqrt(0.05 * 0.5), 6));
        double sigma = ((InitVarianceRun)middle.Config).Sigma;
        string s = sigma.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        using var alone = FamilyRun.Start(new InitVarianceExperiment(), [.. Tiny, "precision=float64", "schemes=", $"sigma-min={s}", $"sigma-max={s}", "sigma-count=1", "control-rates=0"]);
        Assert.Equal(middle.Id, Assert.Single(alone.Plan.Runs).Id);
        foreach (var name in new[] { "loss", "test_accuracy", "act_m2_l2", "grad_norm_l3" })
        {
            var a = alone.Store.Metric(middle.Id, name);
            var b = together.Store.Metric(middle.Id, name);
            Assert.Equal(a.Select(p => p.Step), b.Select(p => p.Step));
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i].Value - b[i].Value) <= 1e-10 * Math.Abs(a[i].Value), $"{name}[{i}]: {a[i].Value:R} vs {b[i].Value:R}");
        }
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new InitVarianceExperiment();
        Assert.Contains("scheme", Assert.Throws<BadInputException>(() => e.Plan("quick", ["schemes=lecun"])).Message);
        Assert.Contains("precision", Assert.Throws<BadInputException>(() => e.Plan("quick", ["precision=half"])).Message);
        Assert.Contains("finite", Assert.Throws<BadInputException>(() => e.Plan("quick", ["sigma-max=nan"])).Message);
        Assert.Contains("> 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["learning-rate=-1"])).Message);
        Assert.Contains("one of", Assert.Throws<BadInputException>(() => e.Plan("quick", ["schemes=1"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => e.Plan("quick", ["data=/no/such/folder"])).Message);
    }
}

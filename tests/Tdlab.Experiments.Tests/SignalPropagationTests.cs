using System.Xml.Linq;
using Tdlab.Experiments.SignalPropagation;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;
using Tdlab.Probes.MeanField;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Tests;

public class SignalPropagationTests
{
    private static readonly string[] Tiny =
    [
        "width=64", "relu-layers=4", "relu-nets=3", "relu-batch=4", "rhos=0.8,1.2", "tanh-weight-variances=0.6,3",
        "tanh-bias-variances=0.1", "tanh-layers=6", "tanh-batch=4",
        "train-depths=2,12", "train-weight-variances=0.5,3", "train-width=16", "train-steps=30", "train-examples=64",
    ];

    [Fact]
    public void RunIdentitiesAreThoseOfTheStoresWrittenBeforeLabV2()
    {
        // Ids of the quick preset as main wrote them (a ReLU and a tanh run): stores keep resuming.
        var plan = new SignalPropagationExperiment().Plan("quick", ["relu-nets=128"], seeds: 1);
        Assert.Contains("5f00a7bce53b80a5", plan.Runs.Select(r => r.Id));
        Assert.Contains("106a806322e7b4b9", plan.Runs.Select(r => r.Id));
    }

    [Fact]
    public void OneLayerMomentsMatchAHandComputation()
    {
        // Depth 1, width 2, no bias: E a_1^2 and the input gradient follow from the same draws re-done by hand.
        var m = RandomNet.Simulate(relu: true, n: 2, layers: 1, batch: 1, weightVariance: 1, biasVariance: 0, inputVariance: 1, new Rng(5, "t"));
        var rng = new Rng(5, "t");
        var x = new double[2];
        GaussianDraws.Fill(rng.Child("input"), x, 1);
        var w = new double[4];
        var b = new double[2];
        var lr = rng.Child("layer1");
        GaussianDraws.Fill(lr, w, 1);
        GaussianDraws.Fill(lr, b, 0);
        var h = new[] { w[0] * x[0] + w[1] * x[1], w[2] * x[0] + w[3] * x[1] };
        Assert.Equal((x[0] * x[0] + x[1] * x[1]) / 2, m.Activation[0], 12);
        Assert.Equal((Math.Pow(Math.Max(0, h[0]), 2) + Math.Pow(Math.Max(0, h[1]), 2)) / 2, m.Activation[1], 12);
        var g = new double[2];
        GaussianDraws.Fill(rng.Child("cotangent"), g, 1);
        var gh = new[] { h[0] > 0 ? g[0] : 0, h[1] > 0 ? g[1] : 0 };
        var gx = new[] { gh[0] * w[0] + gh[1] * w[2], gh[0] * w[1] + gh[1] * w[3] };
        Assert.Equal((gx[0] * gx[0] + gx[1] * gx[1]) / 2, m.ActivationGradient[0], 12);
    }

    [Fact]
    public void PolarDrawsFollowTheStreamByHand()
    {
        // Three draws: the first two accepted candidates' pair (x f, y f), then the second pair's x, recomputed from the words.
        var draws = new double[3];
        GaussianDraws.Fill(new Rng(9, "g"), draws, 2);
        var rng = new Rng(9, "g");
        var expected = new List<(double X, double Y)>();
        while (expected.Count < 2)
        {
            ulong w = rng.NextUInt64();
            double x = (int)(uint)w / 2147483648.0, y = (int)(uint)(w >> 32) / 2147483648.0, s = x * x + y * y;
            if (s > 0 && s < 1) expected.Add((2 * x * Math.Sqrt(-2 * Math.Log(s) / s), 2 * y * Math.Sqrt(-2 * Math.Log(s) / s)));
        }

        // block of m = 2 pairs: x values first, then y values
        Assert.Equal(expected[0].X, draws[0], 12);
        Assert.Equal(expected[1].X, draws[1], 12);
        Assert.Equal(expected[0].Y, draws[2], 12);
    }

    [Fact]
    public void PolarDrawsHaveStandardNormalMoments()
    {
        // N = 3 * 10^5 draws over several blocks: mean 0 (s.e. 1/sqrt N), E z^2 = 1 (s.e. sqrt(2/N)), E z^4 = 3 (s.e. sqrt(96/N)); 5 s.e. each.
        const int n = 300_001;
        var z = new double[n];
        GaussianDraws.Fill(new Rng(3, "moments"), z, 1);
        Assert.InRange(z.Average(), -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(z.Average(v => v * v), 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(z.Average(v => v * v * v * v), 3 - 5 * Math.Sqrt(96.0 / n), 3 + 5 * Math.Sqrt(96.0 / n));
        Assert.InRange(z.Count(v => v > 0) / (double)n, 0.5 - 5 * 0.5 / Math.Sqrt(n), 0.5 + 5 * 0.5 / Math.Sqrt(n));
    }

    [Fact]
    public void GrowthFitIsTheSlopeOfAnExactGeometricProfile()
    {
        // E g_l^2 = 3 * 1.1^(L - l) -> slope ln 1.1 exactly.
        var profile = Enumerable.Range(0, 11).Select(l => 3 * Math.Pow(1.1, 10 - l)).ToArray();
        Assert.Equal(Math.Log(1.1), SignalPropagationExperiment.MeasuredGrowth([profile], 10), 12);
    }

    [Fact]
    public void TinySweepAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new SignalPropagationExperiment(), Tiny, seeds: 3);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Equal(6, run.Analysis.Claims.Count);
        Assert.Empty(run.Analysis.Checks);
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.All(run.Analysis.Claims, c => Assert.True(c.N > 0, $"{c.Id} was not measured"));
        // The ordered and chaotic sample points are far from the line: the measured sign separates them even at width 64, in each of 3 seeds.
        Assert.Equal(Verdict.Holds, run.Analysis.Claims.Single(c => c.Id == "critical-line").Verdict);
        Assert.Equal(["correlation_map.svg", "depth_scales.svg", "gradient_growth.svg", "phase_diagram.svg", "relu_recursion.svg", "trainability.svg"], run.Analysis.Figures.Select(f => f.FileName).Order());
        Assert.Equal(7, run.Store.Metric(run.Plan.Runs.First(r => !((SignalPropagationRun)r.Config).IsRelu).Id, "corr").Count());
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        using var one = FamilyRun.Start(new SignalPropagationExperiment(), Tiny, threads: 1);
        using var two = FamilyRun.Start(new SignalPropagationExperiment(), Tiny, threads: 2);
        foreach (var spec in one.Plan.Runs)
        {
            Assert.Equal(one.Store.Metric(spec.Id, "act_m2"), two.Store.Metric(spec.Id, "act_m2"));
            Assert.Equal(one.Store.Metric(spec.Id, "train_acc"), two.Store.Metric(spec.Id, "train_acc"));
        }
    }

    [Fact]
    public void APlantedViolationOfTheRecursionDoesNotHold()
    {
        // Three replicates whose layer means sit 30% above the prediction, with standard errors of 2%: far outside the 10% band.
        var off = SignalPropagationExperiment.RelativeDeviation([1.31, 1.29, 1.30], [0.02, 0.02, 0.02], nets: 384, predicted: 1.0);
        Assert.Equal(0.30, off.Value, 12);
        Assert.Equal(Verdict.DoesNotHold, SignalPropagationExperiment.ReluRecursion.Decide("signal-propagation", off).Verdict);
        var close = SignalPropagationExperiment.RelativeDeviation([1.01, 0.99, 1.00], [0.01, 0.01, 0.01], nets: 384, predicted: 1.0);
        Assert.Equal(Verdict.Holds, SignalPropagationExperiment.ReluRecursion.Decide("signal-propagation", close).Verdict);
    }

    [Fact]
    public void APlantedViolationOfEveryOtherClaimDoesNotHold()
    {
        // relu-gradient: the gradient moment 25% below ρ^(L−l) with 2% standard errors.
        var low = SignalPropagationExperiment.RelativeDeviation([0.74, 0.76, 0.75], [0.02, 0.02, 0.02], nets: 390, predicted: 1.0);
        Assert.Equal(Verdict.DoesNotHold, SignalPropagationExperiment.ReluGradient.Decide("signal-propagation", low).Verdict);
        // tanh-correlation-map: measured correlations that stay at c_0 = 0 while the map climbs towards c* = 1, in five seeds.
        double[] map = CorrelationMap.Iterate(0.8, 0.3, Tdlab.Probes.MeanField.LengthMap.FixedPoint(Tdlab.Probes.MeanField.MeanFieldActivation.Tanh, 0.8, 0.3), 0, 10);
        var stuck = Enumerable.Range(0, 5).Select(k => SignalPropagationExperiment.CorrelationDeviation(map.Select(_ => 0.01 * k).ToArray(), map)).ToList();
        Assert.Equal(Verdict.DoesNotHold, SignalPropagationExperiment.TanhCorrelationMap.Decide("signal-propagation", Estimate.Mean(stuck)).Verdict);
        var near = Enumerable.Range(0, 5).Select(k => SignalPropagationExperiment.CorrelationDeviation(map.Select(v => v + 0.002 * k).ToArray(), map)).ToList();
        Assert.Equal(Verdict.Holds, SignalPropagationExperiment.TanhCorrelationMap.Decide("signal-propagation", Estimate.Mean(near)).Verdict);
    }

    [Fact]
    public void PlantedGradientProfilesTurnTanhGrowthAndTheCriticalLineToDoesNotHoldThroughTheirStatistic()
    {
        // Through the claims' own statistic. Each replicate (run) of a sample point plants 4 nets' profiles
        //   E(∂L/∂h_l)^2 = (1 + 0.1 k) · e^(g (L − l)) · (1 + 0.01 ((l + k + rep) mod 3)),   l = 0..L, net k,
        // i.e. a per-layer growth g towards the input with a small wiggle that differs between replicates. MeasuredGrowth (the
        // run's stored growth) fits the slope of ln(mean over nets) against L − l; then per replicate
        //   tanh-growth:   growth − ln χ                (GrowthDeviation,       must lie within ±0.05),
        //   critical-line: sign(ln χ) × growth          (GrowthOnPredictedSide, must be > 0),
        // over 5 replicates of two sample points, one ordered (χ < 1) and one chaotic (χ > 1), decided together.
        const int layers = 10;
        (double W2, double B2)[] points = [(0.6, 0.05), (2.5, 0.05)];
        static double LogChi((double W2, double B2) p) => Math.Log(Criticality.Chi(MeanFieldActivation.Tanh, p.W2, p.B2));
        Assert.True(LogChi(points[0]) < -SignalPropagationExperiment.GrowthTolerance && LogChi(points[1]) > SignalPropagationExperiment.GrowthTolerance);

        static double Growth(double g, int rep) => SignalPropagationExperiment.MeasuredGrowth(Enumerable.Range(0, 4)
            .Select(k => Enumerable.Range(0, layers + 1).Select(l => (1 + 0.1 * k) * Math.Exp(g * (layers - l)) * (1 + 0.01 * ((l + k + rep) % 3))).ToArray())
            .ToList(), layers);

        // plant(ln χ) -> the planted growth g at that point; statistic(growth, ln χ) -> the replicate's value.
        Claim Decide(ClaimSpec spec, Func<double, double> plant, Func<double, double, double> statistic) => spec.DecideAll("signal-propagation",
            points.Select(p => ($"{p}", Estimate.Mean(Enumerable.Range(0, 5).Select(rep => statistic(Growth(plant(LogChi(p)), rep), LogChi(p)))))).ToList());

        // tanh-growth: gradients that grow 0.2 per layer faster than ln χ (g = ln χ + 0.2) do not hold; g = ln χ holds.
        Assert.Equal(Verdict.DoesNotHold, Decide(SignalPropagationExperiment.TanhGrowth, lc => lc + 0.2, SignalPropagationExperiment.GrowthDeviation).Verdict);
        Assert.Equal(Verdict.Holds, Decide(SignalPropagationExperiment.TanhGrowth, lc => lc, SignalPropagationExperiment.GrowthDeviation).Verdict);

        // critical-line: the sides swapped (g = −ln χ: exploding where χ < 1, vanishing where χ > 1) do not hold; g = ln χ holds.
        Assert.Equal(Verdict.DoesNotHold, Decide(SignalPropagationExperiment.CriticalLineSeparates, lc => -lc, SignalPropagationExperiment.GrowthOnPredictedSide).Verdict);
        Assert.Equal(Verdict.Holds, Decide(SignalPropagationExperiment.CriticalLineSeparates, lc => lc, SignalPropagationExperiment.GrowthOnPredictedSide).Verdict);
    }

    [Fact]
    public void CorrelationMapHasTheKnownFixedPointsAndDepthScales()
    {
        // Ordered side: c* = 1 and chi_c = chi_1, so xi_c = -1 / ln chi.
        var ordered = CorrelationMap.Of(1.0, 0.3);
        Assert.Equal(1.0, ordered.CStar);
        double chi = Tdlab.Probes.MeanField.Criticality.Chi(Tdlab.Probes.MeanField.MeanFieldActivation.Tanh, 1.0, 0.3);
        Assert.Equal(-1 / Math.Log(chi), ordered.XiC, 1e-5);   // 48- against 80-point quadrature
        // Chaotic side: c* < 1 is a fixed point of the map, and stable (chi_c < 1).
        var chaotic = CorrelationMap.Of(4.0, 0.05);
        Assert.InRange(chaotic.CStar, 0, 0.99);
        Assert.Equal(chaotic.CStar, CorrelationMap.Next(4.0, 0.05, chaotic.QStar, chaotic.CStar), 8);
        Assert.InRange(chaotic.ChiC, 0, 1);
        // The map at c = 1 returns 1 (q_ab = q* for identical inputs), and the measured correlation of identical rows is 1.
        Assert.Equal(1.0, CorrelationMap.Next(2.0, 0.1, Tdlab.Probes.MeanField.LengthMap.FixedPoint(Tdlab.Probes.MeanField.MeanFieldActivation.Tanh, 2.0, 0.1), 1.0), 8);
        Assert.Equal(1.0, RandomNet.MeanCorrelation([1, 2, 3, 1, 2, 3], 2, 3), 12);
        Assert.Equal(0.0, RandomNet.MeanCorrelation([1, 0, 0, 1], 2, 2), 12);
    }

    [Fact]
    public void TrainabilitySubStudyIsOffByDefaultAndRunsWhenAsked()
    {
        var e = new SignalPropagationExperiment();
        Assert.DoesNotContain(e.Grid(new SignalPropagationConfig()), r => r.IsTraining);
        Assert.All(e.Grid(new SignalPropagationConfig()), r => Assert.True(r.TrainSteps == 0 && r.LearningRate == 0 && r.Examples == 0));
        using var run = FamilyRun.Start(e, Tiny, seeds: 3);
        var trained = run.Plan.Runs.Where(r => ((SignalPropagationRun)r.Config).IsTraining).ToList();
        Assert.Equal(2 * 2 * 3, trained.Count);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        var claim = run.Analysis.Claims.Single(c => c.Id == "trainable-depth");
        Assert.Equal(3, claim.N);
        Assert.Contains("trainability.svg", run.Analysis.Figures.Select(f => f.FileName));
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
        Assert.Equal(2, run.Store.Metric(trained[0].Id, "train_acc").Count());
    }

    [Fact]
    public void APlantedViolationOfTheTrainableDepthDoesNotHold()
    {
        // A grid where every cell lands on the wrong side of L = 6 xi_c: shallow cells fail, deep ones train.
        // xi_c(0.5, 0.05) ≈ 1.2 (6 xi_c ≈ 7); replicate k gets k of its 10 cells right, so the five replicates vary.
        double xi = CorrelationMap.Of(0.5, 0.05).XiC;
        Assert.InRange(6 * xi, 6.5, 7.5);
        var replicates = Enumerable.Range(0, 5).Select(k =>
        {
            var cells = new List<SignalPropagationExperiment.TrainedCell>();
            for (int i = 0; i < 10; i++)
            {
                int depth = i < 5 ? 2 : 32;   // predicted: trains at 2, not at 32
                bool right = i % 5 < k;
                bool trains = depth == 2 ? right : !right;
                cells.Add(new(0.5, depth, xi, trains ? 0.95 : 0.3, Classes: 4));
            }

            return SignalPropagationExperiment.RuleAccuracy(cells);
        }).ToList();
        Assert.Equal([0.0, 0.2, 0.4, 0.6, 0.8], replicates);
        Assert.Equal(Verdict.DoesNotHold, SignalPropagationExperiment.TrainableDepth.Decide("signal-propagation", Estimate.Mean(replicates)).Verdict);
        // The right side: every cell as the rule predicts but one per replicate in two of them.
        var good = new[] { 1.0, 0.9, 1.0, 0.9, 1.0 };
        Assert.Equal(Verdict.Holds, SignalPropagationExperiment.TrainableDepth.Decide("signal-propagation", Estimate.Mean(good)).Verdict);
        // "Trained" is halfway from chance to 1; a diverged cell (NaN) does not train; infinite xi_c predicts training at any depth.
        Assert.Equal(0.625, SignalPropagationExperiment.TrainedLevel(4), 12);
        Assert.False(new SignalPropagationExperiment.TrainedCell(1, 2, 3, double.NaN, 4).Trained);
        Assert.True(new SignalPropagationExperiment.TrainedCell(1.8, 500, double.PositiveInfinity, 1, 4).Predicted);
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        var e = new SignalPropagationExperiment();
        Assert.Contains("rhos", Assert.Throws<BadInputException>(() => e.Plan("quick", ["rhos=0,1"])).Message);
        Assert.Contains("tanh-layers", Assert.Throws<BadInputException>(() => e.Plan("quick", ["tanh-layers=1"])).Message);
        Assert.Contains("q* = 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["tanh-bias-variances=0"])).Message);
    }
}

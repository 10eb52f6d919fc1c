using System.Xml.Linq;
using Tdlab.Experiments.Common;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;
using Tdlab.Probes;

namespace Tdlab.Experiments.Tests;

public class IsometryTests
{
    private static readonly string[] Tiny =
    [
        "depths=2,3,4", "width=8", "train-depth=4", "steps=6", "batch-size=16", "train-size=64", "test-size=16", "classes=3",
        "eval-every=3", "gradient-steps=2", "spectrum-inputs=2",
    ];

    [Fact]
    public void GridCoversEveryNetAndTrainsTanhAtEveryLearningRateOfTheSweep()
    {
        var plan = new IsometryExperiment().Plan("quick", [], seeds: 2);
        var runs = plan.Runs.Select(r => (IsometryRun)r.Config).ToList();
        Assert.Equal(2 * (3 * 2 * 3 + 2 * 2), runs.Count);   // one spectrum net per cell; the trained cells once per extra learning rate
        Assert.Equal([10, 50, 100], runs.Select(r => r.Depth).Distinct().Order());
        var trained = runs.Where(r => r.Trains).ToList();
        Assert.Equal(2 * 2 * 3, trained.Count);
        Assert.All(trained, r => Assert.Equal(50, r.Depth));
        Assert.Equal([Nonlinearity.Tanh], trained.Select(r => r.Activation).Distinct());
        Assert.Equal([0.001, 0.003, 0.01], trained.Select(r => r.LearningRate).Distinct().Order());
        Assert.All(runs, r => Assert.Equal(r.Activation == Nonlinearity.Tanh ? 1.0 / 64 : 0, r.QStar));
        Assert.All(runs.Where(r => !r.Trains), r => Assert.Equal((0, 0, 0.0, 0.0, Precision.None), (r.BatchSize, r.EvalEvery, r.LearningRate, r.Momentum, r.Precision)));
        Assert.Equal(5, new IsometryExperiment().Quick.Seeds);
        Assert.Equal([10, 50, 100, 200], new IsometryExperiment().Plan("full", [], 1).Runs.Select(r => ((IsometryRun)r.Config).Depth).Distinct().Order());
    }

    [Fact]
    public void RunIdentitiesAreThoseOfTheStoresWrittenBeforeLabV2()
    {
        // Ids of the quick preset as main wrote them (a spectrum-only relu net and a trained one): with the settings of that
        // preset (one learning rate, training at depth 100 for tanh and relu) the plan still has them, so stores keep resuming.
        string[] before = ["train-depth=100", "train-activations=tanh,relu", "learning-rates=0.001"];
        var ids = new IsometryExperiment().Plan("quick", before, seeds: 2).Runs.Select(r => r.Id).ToHashSet();
        Assert.Contains("053a33741f3e0ea3", ids);
        Assert.Contains("25756fedf73ec882", ids);
    }

    [Fact]
    public void GaussHermiteIntegratesGaussianMomentsExactly()
    {
        Assert.Equal(1.0, CriticalTanh.Expect(_ => 1), 13);
        Assert.Equal(0.0, CriticalTanh.Expect(z => z * z * z), 12);
        Assert.Equal(1.0, CriticalTanh.Expect(z => z * z), 12);
        Assert.Equal(3.0, CriticalTanh.Expect(z => Math.Pow(z, 4)), 11);
        Assert.Equal(15.0, CriticalTanh.Expect(z => Math.Pow(z, 6)), 10);
    }

    [Theory]
    [InlineData(1.0 / 64)]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void CriticalScalesHaveChiOneAndTheirFixedPoint(double qStar)
    {
        var (sw, sb) = CriticalTanh.ForFixedPoint(qStar);
        Assert.Equal(1.0, CriticalTanh.Chi(sw, qStar), 12);
        Assert.Equal(qStar, CriticalTanh.LengthMap(sw, sb, qStar), 12);
        // The same integrals by the trapezoid rule on [-12, 12], independently of the quadrature.
        double Trapezoid(Func<double, double> f)
        {
            const int n = 24000;
            double h = 24.0 / n, s = 0;
            for (int i = 0; i <= n; i++)
            {
                double z = -12 + i * h;
                s += (i == 0 || i == n ? 0.5 : 1) * f(z) * Math.Exp(-z * z / 2);
            }

            return s * h / Math.Sqrt(2 * Math.PI);
        }

        double chi = sw * sw * Trapezoid(z => Math.Pow(1 - Math.Pow(Math.Tanh(Math.Sqrt(qStar) * z), 2), 2));
        double q = sw * sw * Trapezoid(z => Math.Pow(Math.Tanh(Math.Sqrt(qStar) * z), 2)) + sb * sb;
        Assert.Equal(1.0, chi, 7);   // quadrature error of 80 nodes at q* = 1 is about 1e-8
        Assert.Equal(qStar, q, 7);
        Assert.True(sw > 1 && sb > 0, $"tanh's critical line lies above (1, 0): sigma_w = {sw}, sigma_b = {sb}");
    }

    [Fact]
    public void TinySweepStoresSpectraAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new IsometryExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        var trained = run.Plan.Runs.First(r => ((IsometryRun)r.Config).Trains);
        Assert.Equal([0, 3, 6], run.Store.Metric(trained.Id, "loss").Select(p => p.Step));
        Assert.Equal([0, 1, 2], run.Store.Metric(trained.Id, "grad_norm_l5").Select(p => p.Step));
        Assert.Equal([0, 6], run.Store.Metric(trained.Id, "sv_max").Select(p => p.Step));
        var array = run.Store.Arrays(trained.Id).First(a => a.Step == 0);
        Assert.Equal([2 * 8], Tdlab.Tensors.Io.Npy.Read(Path.Combine(run.Dir, array.Path)).Shape);

        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        var claims = run.Analysis.Claims;
        Assert.Equal(5, claims.Count);
        Assert.All(claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.All(claims, c => Assert.True(c.N > 0, $"{c.Id} was not measured"));
        // A product of orthogonal matrices is an isometry at any size: a sanity check, not a claim.
        Assert.True(Assert.Single(run.Analysis.Checks, c => c.Id == "linear-orthogonal-isometry").Passes);
        Assert.DoesNotContain(claims, c => c.Id == "linear-orthogonal-isometry");
        Assert.Equal(["depth.svg", "gradient_norms.svg", "learning_rates.svg", "loss_curves.svg", "spectra.svg", "spectra_by_depth.svg", "spectra_trained.svg"],
            run.Analysis.Figures.Select(f => f.FileName).Order());
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "activations=tanh", "train-activations=tanh", "depths=4"];
        using var one = FamilyRun.Start(new IsometryExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new IsometryExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
        {
            Assert.Equal(one.Store.Metric(spec.Id, "loss"), two.Store.Metric(spec.Id, "loss"));
            Assert.Equal(one.Store.Metric(spec.Id, "sv_max"), two.Store.Metric(spec.Id, "sv_max"));
        }
    }

    private static readonly int[] Depths = [10, 50, 100];

    /// <summary>Per replicate, the s_max of each depth from a law, with a replicate-dependent wobble.</summary>
    private static List<double> PlantedExponents(Func<int, double> sMax) =>
        Enumerable.Range(0, 5).Select(k => IsometryExperiment.GrowthExponent(Depths, Depths.Select(d => sMax(d) * (1 + 0.03 * (k - 2) * d / 100.0)).ToList())).ToList();

    [Fact]
    public void APlantedViolationOfTheGrowthLawDoesNotHold()
    {
        // s_max^2 growing exponentially in L (e^{0.05 L}) and s_max bounded: both outside the linear law's band.
        var exponential = PlantedExponents(d => Math.Exp(0.025 * d));
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhGaussianLinear.Decide("isometry", Estimate.Mean(exponential)).Verdict);
        var flat = PlantedExponents(_ => 1.2);
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhGaussianLinear.Decide("isometry", Estimate.Mean(flat)).Verdict);
        // The law itself (s_max^2 = 2.5 L) holds: the statistic reads exponent 1.
        var linear = PlantedExponents(d => Math.Sqrt(2.5 * d));
        Assert.Equal(Verdict.Holds, IsometryExperiment.TanhGaussianLinear.Decide("isometry", Estimate.Mean(linear)).Verdict);
        Assert.Equal(1.0, IsometryExperiment.GrowthExponent(Depths, Depths.Select(d => Math.Sqrt(3.0 * d)).ToList()), 12);
    }

    [Fact]
    public void APlantedViolationOfTheOrthogonalBoundDoesNotHold()
    {
        // Per replicate k and depth L the orthogonal net's s_max, through the claim's statistic ln(s_max / 2) at each depth.
        List<(string, Estimate)> Components(Func<int, int, double> sMax) => Depths.Select(d => ($"s_max at L = {d}",
            Estimate.Mean(Enumerable.Range(0, 5).Select(k => IsometryExperiment.LogOverBound(sMax(d, k))).ToList()))).ToList();
        // Violation: s_max = 1 + 0.015 L growing past the bound 2 (2.5..2.6 at L = 100) in every replicate, as a Gaussian net's would.
        var growing = Components((d, k) => 1.0 + 0.015 * d + 0.02 * k);
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhOrthogonalBounded.DecideAll("isometry", growing).Verdict);
        // The seed's effect: s_max about 1.2 at every depth.
        var bounded = Components((d, k) => 1.2 + 0.0005 * d + 0.02 * k);
        Assert.Equal(Verdict.Holds, IsometryExperiment.TanhOrthogonalBounded.DecideAll("isometry", bounded).Verdict);
    }

    [Fact]
    public void APlantedViolationOfTheReluClaimDoesNotHold()
    {
        // Per replicate k and depth L the orthogonal relu net's singular values (descending, a quarter of them zero as relu kills
        // directions), their spread s_q95 / s_q05 over the non-zero ones (JacobianSpectrum.Spread), then per consecutive depths the
        // claim's statistic ln(spread(L_next) / spread(L)) (LogGrowth), which must be above 0 at every pair.
        double[] Spectrum(double logWidth) => Enumerable.Range(0, 40).Select(i => i < 30 ? Math.Exp(logWidth * (0.5 - i / 29.0)) : 0.0).ToArray();
        List<(string, Estimate)> Components(Func<int, int, double> logWidth) => Depths.Zip(Depths.Skip(1)).Select(p => ($"L = {p.First} -> {p.Second}",
            Estimate.Mean(Enumerable.Range(0, 5).Select(k => IsometryExperiment.LogGrowth(
                new JacobianSpectrum(Spectrum(logWidth(p.First, k))).Spread, new JacobianSpectrum(Spectrum(logWidth(p.Second, k))).Spread)).ToList()))).ToList();
        // Violation: the spectrum narrowing towards isometry with depth, log-width 4 / sqrt(L) with a wobble per replicate.
        var shrinking = Components((d, k) => 4 / Math.Sqrt(d) * (1 + 0.05 * k));
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.ReluNoIsometry.DecideAll("isometry", shrinking).Verdict);
        // The seed's effect: the log-width growing like 0.05 L.
        var growing = Components((d, k) => 0.05 * d * (1 + 0.05 * k));
        Assert.Equal(Verdict.Holds, IsometryExperiment.ReluNoIsometry.DecideAll("isometry", growing).Verdict);
    }

    [Fact]
    public void APlantedOffCriticalChiDoesNotHold()
    {
        // The mean squared singular value (1/n) tr(J^T J) is chi^L; per replicate the (Gaussian, orthogonal) values at the deepest L = 100,
        // through the claim's statistic (their mean), which must lie in [0.5, 2].
        Estimate MeanSquares(Func<int, double> chi) => Estimate.Mean(Enumerable.Range(0, 5).Select(k =>
            IsometryExperiment.MeanOverInits([Math.Pow(chi(k), 100) * 1.03, Math.Pow(chi(k), 100) * 0.97])).ToList());
        // Violation: scales 1% off criticality, chi = 1.018..1.022 per layer: chi^100 = 5.9..8.8.
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhChiOne.Decide("isometry", MeanSquares(k => 1.018 + 0.001 * k)).Verdict);
        // The seed's critical scales: chi = 1 up to 0.1% (chi^100 = 0.9..1.1).
        Assert.Equal(Verdict.Holds, IsometryExperiment.TanhChiOne.Decide("isometry", MeanSquares(k => 0.999 + 0.0005 * k)).Verdict);
        // A missing or non-finite init is left out of the mean.
        Assert.Equal(1.5, IsometryExperiment.MeanOverInits([1.5, double.NaN]));
    }

    [Fact]
    public void APlantedViolationOfTheTrainingClaimDoesNotHold()
    {
        // Final training losses per learning rate (columns 0.001, 0.003, 0.01) and replicate (rows), +infinity for a diverged run.
        // Each init's best rate is the one of lowest median loss (BestLearningRate), then per replicate the claim's statistic
        // ln(L_orthogonal / L_Gaussian) at those rates, which must be below 0.
        double[] rates = [0.001, 0.003, 0.01];
        Estimate Ratios(double[][] orthogonal, double[][] gaussian)
        {
            double Best(double[][] losses) => IsometryExperiment.BestLearningRate(
                losses.SelectMany(row => row.Select((loss, i) => (rates[i], loss)))).GetValueOrDefault(double.NaN);
            int o = Array.IndexOf(rates, Best(orthogonal)), g = Array.IndexOf(rates, Best(gaussian));
            return Estimate.Mean(orthogonal.Zip(gaussian).Select(p => IsometryExperiment.OrthogonalOverGaussian(p.First[o], p.Second[g])).ToList());
        }

        double inf = double.PositiveInfinity;
        double[][] slow = [[0.9, 0.7, 0.65], [0.95, 0.72, 0.6], [0.88, 0.75, 0.7], [0.92, 0.69, 0.66], [0.9, 0.71, 0.64]];
        double[][] fast = [[0.6, 0.4, inf], [0.62, 0.38, inf], [0.58, 0.45, 0.2], [0.61, 0.41, inf], [0.6, 0.39, inf]];   // 0.01 mostly diverges
        // Violation: the orthogonal net ends above the Gaussian one at each init's best rate (0.01 and 0.003), in every replicate.
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhOrthogonalTrainsFaster.Decide("isometry", Ratios(orthogonal: slow, gaussian: fast)).Verdict);
        // The seed's effect: the inits swapped.
        Assert.Equal(Verdict.Holds, IsometryExperiment.TanhOrthogonalTrainsFaster.Decide("isometry", Ratios(orthogonal: fast, gaussian: slow)).Verdict);
    }

    [Fact]
    public void TheBestLearningRateHasTheLowestMedianAndADivergedRunCountsAsInfinite()
    {
        (double, double)[] runs =
        [
            (0.001, 0.3), (0.001, 0.31), (0.001, 0.29),
            (0.003, 0.1), (0.003, double.PositiveInfinity), (0.003, 0.12),   // median 0.12 despite one divergence
            (0.01, double.PositiveInfinity), (0.01, double.PositiveInfinity), (0.01, 0.01),   // median infinite
        ];
        Assert.Equal(0.003, IsometryExperiment.BestLearningRate(runs));
        Assert.Null(IsometryExperiment.BestLearningRate([(0.01, double.PositiveInfinity), (0.01, double.NaN)]));
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new IsometryExperiment();
        Assert.Contains("activation", Assert.Throws<BadInputException>(() => e.Plan("quick", ["activations=sigmoid"])).Message);
        Assert.Contains("init", Assert.Throws<BadInputException>(() => e.Plan("quick", ["inits=xavier"])).Message);
        Assert.Contains("train-depth", Assert.Throws<BadInputException>(() => e.Plan("quick", ["train-depth=7"])).Message);
        Assert.Contains("q-star", Assert.Throws<BadInputException>(() => e.Plan("quick", ["q-star=0"])).Message);
        Assert.Contains("precision", Assert.Throws<BadInputException>(() => e.Plan("quick", ["precision=half"])).Message);
        Assert.Contains("momentum", Assert.Throws<BadInputException>(() => e.Plan("quick", ["momentum=1.5"])).Message);
        Assert.Contains("depths", Assert.Throws<BadInputException>(() => e.Plan("quick", ["depths=0,10"])).Message);
    }
}

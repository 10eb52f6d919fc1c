using System.Xml.Linq;
using Tdlab.Experiments.Common;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

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
        // Orthogonal s_max growing past the bound at the deepest depth in every replicate.
        var components = Depths.Select(d => ($"s_max at L = {d}", Estimate.Mean(Enumerable.Range(0, 5)
            .Select(k => Math.Log(1.0 + 0.03 * d + 0.05 * k) - Math.Log(IsometryExperiment.ConcentratedMax)).ToList()))).ToList();
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhOrthogonalBounded.DecideAll("isometry", components).Verdict);
    }

    [Fact]
    public void APlantedViolationOfTheReluAndChiClaimsDoesNotHold()
    {
        // The relu spread shrinking with depth; the mean squared singular value at 3 instead of 1.
        var shrinking = new List<(string, Estimate)> { ("L = 10 -> 50", Estimate.Mean([-0.3, -0.2, -0.25, -0.35, -0.3])), ("L = 50 -> 100", Estimate.Mean([-0.2, -0.3, -0.25, -0.2, -0.3])) };
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.ReluNoIsometry.DecideAll("isometry", shrinking).Verdict);
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhChiOne.Decide("isometry", Estimate.Mean([3.1, 2.9, 3.3, 3.0, 2.8])).Verdict);
    }

    [Fact]
    public void APlantedViolationOfTheTrainingClaimDoesNotHold()
    {
        // Five replicates in which the orthogonal net ends with a higher loss than the Gaussian one: ln ratio clearly above 0.
        var worse = Estimate.Mean([0.4, 0.5, 0.35, 0.45, 0.55]);
        Assert.Equal(Verdict.DoesNotHold, IsometryExperiment.TanhOrthogonalTrainsFaster.Decide("isometry", worse).Verdict);
        Assert.Equal(Verdict.Holds, IsometryExperiment.TanhOrthogonalTrainsFaster.Decide("isometry", Estimate.Mean([-0.4, -0.5, -0.35, -0.45, -0.55])).Verdict);
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

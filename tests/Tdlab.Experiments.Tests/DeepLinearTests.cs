using System.Xml.Linq;
using Tdlab.Experiments.DeepLinear;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class DeepLinearTests
{
    private static readonly string[] Tiny =
    [
        "singular-values=2,0.5", "hierarchy-levels=2", "ode-depths=3", "depths=2,4", "width=4", "max-steps=3000",
        "step-scale=0.01", "deep-initial-strength=0.05", "log-every=20", "random-init-strength=0.001",
    ];

    [Fact]
    public void AnalyticCurveSolvesItsOdeAndHalfTimeIsWhereItCrossesHalf()
    {
        // tau du/dt = 2 u (s - u): check by central differences; u(t_half) = s/2; RK4 of the reduced ODE at D = 2 agrees.
        double s = 1.5, u0 = 1e-3, tau = 50;
        foreach (double t in new[] { 10.0, 80, 200 })
        {
            double du = (SaxeDynamics.Analytic(s, u0, tau, t + 1e-4) - SaxeDynamics.Analytic(s, u0, tau, t - 1e-4)) / 2e-4;
            double u = SaxeDynamics.Analytic(s, u0, tau, t);
            Assert.Equal(2 * u * (s - u) / tau, du, 6);
        }

        Assert.Equal(u0, SaxeDynamics.Analytic(s, u0, tau, 0), 15);
        Assert.Equal(s / 2, SaxeDynamics.Analytic(s, u0, tau, SaxeDynamics.HalfTime(s, u0, tau)), 12);
        var times = new[] { 50.0, 150, 300 };
        var rk4 = SaxeDynamics.Integrate(2, s, u0, tau, times);
        for (int i = 0; i < times.Length; i++) Assert.Equal(SaxeDynamics.Analytic(s, u0, tau, times[i]), rk4[i], 8);
    }

    [Fact]
    public void HierarchyHasOneSingularValuePerTreeLevelAndWhitenedInputs()
    {
        var task = LinearTask.Hierarchy(2, 1);   // 4 items, 7 nodes; shared-ancestor eigenvalues 7, 3, 1, 1 -> s = sqrt(lambda / 4)
        Assert.Equal(4, task.Modes);
        var expected = new[] { 7.0, 3, 1, 1 }.Select(l => Math.Sqrt(l / 4)).ToArray();
        for (int a = 0; a < 4; a++) Assert.Equal(expected[a], task.Svd.S[a], 12);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, Enumerable.Range(0, 4).Sum(m => task.X[i * 4 + m] * task.X[j * 4 + m]) / 4, 12);
    }

    [Fact]
    public void TinySweepStoresModesAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new DeepLinearExperiment(), Tiny, seeds: 3);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Equal(["random-init-curve", "orthogonal-depth", "orthogonal-depth-independence"], run.Analysis.Claims.Select(c => c.Id));
        Assert.Equal(["analytic-curve", "half-time", "reduced-ode", "ode-integrator-closed-form"], run.Analysis.Checks.Select(c => c.Id));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        // Random inits are real replicates: the statistic varies between seeds and the claim is decided on 3 of them.
        var curve = run.Analysis.Claims.Single(c => c.Id == "random-init-curve");
        Assert.Equal(3, curve.N);
        Assert.True(curve.Evidence is { } e && !VerdictRule.NoSpread(e), $"{curve.Evidence}");
        // The tiny sweep has no depths 8 and 16: depth independence is not measured.
        Assert.Null(run.Analysis.Claims.Single(c => c.Id == "orthogonal-depth-independence").Evidence);
        Assert.Equal(5, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void DefaultSweepRunsNoRandomInitRunsSoStoredSweepsKeepTheirRuns()
    {
        Assert.DoesNotContain(new DeepLinearExperiment().Grid(new DeepLinearConfig()), r => r.Kind == RunKind.RandomSmall);
        Assert.Single(new DeepLinearExperiment().Grid(new DeepLinearExperiment().Quick), r => r.Kind == RunKind.RandomSmall);
    }

    [Fact]
    public void ARandomInitRunWhoseModesRiseTooSlowlyMakesTheCurveClaimFail()
    {
        // Planted violation: after alignment, each mode rises at 55..65% of u_f's rate (one speed per replicate).
        var run = new DeepLinearExperiment().Grid(new DeepLinearExperiment().Quick).Single(r => r.Kind == RunKind.RandomSmall);
        double s = 3;
        var errors = new[] { 0.55, 0.58, 0.6, 0.62, 0.65 }.Select(speed =>
            DeepLinearExperiment.AlignedError(Lagging(run, s, speed))).ToList();
        Assert.All(errors, e => Assert.True(e > DeepLinearExperiment.AlignedTolerance, $"{e}"));
        Assert.Equal(Verdict.DoesNotHold, DeepLinearExperiment.RandomInitCurve.Decide("deep-linear", Estimate.Mean(errors)).Verdict);
        Assert.True(DeepLinearExperiment.AlignedError(Lagging(run, s, 1)) < 0.01);
    }

    [Fact]
    public void OrthogonalLearningTimeThatKeepsGrowingWithDepthMakesIndependenceFail()
    {
        // Per seed the orthogonal runs' logged criterion steps at D = 8 and D = 16 (NaN: never reached, counts as the step budget), through
        // TimeToCriterion and the claim's statistic T(16) / T(8), which must lie in [0.8, 1.25].
        const int budget = 4000;
        Estimate Ratios(params (double D8, double D16)[] seeds) => Estimate.Mean(seeds.Select(p => DeepLinearExperiment.IndependenceRatio(
            DeepLinearExperiment.TimeToCriterion(p.D8, budget), DeepLinearExperiment.TimeToCriterion(p.D16, budget))).ToList());
        // Violation: learning time still proportional to depth, T(16) / T(8) about 2 (one deep run capped at the budget: 4000 / 2000).
        var growing = Ratios((1800, 3700), (2000, double.NaN), (1900, 3800), (2100, 4000), (1950, 3850));
        Assert.Equal(Verdict.DoesNotHold, DeepLinearExperiment.OrthogonalIndependence.Decide("deep-linear", growing).Verdict);
        // The seed's effect: T(16) about T(8).
        var flat = Ratios((1800, 1790), (2000, 2060), (1900, 1880), (2100, 2150), (1950, 1930));
        Assert.Equal(Verdict.Holds, DeepLinearExperiment.OrthogonalIndependence.Decide("deep-linear", flat).Verdict);
    }

    [Fact]
    public void OrthogonalLearningTimeGrowingAsFastAsGaussianMakesTheDepthClaimFail()
    {
        // Per seed the learning times (steps to the criterion) from D_min to D_max of both inits; the claim's statistic is
        // ln(T_Gauss(D_max) / T_Gauss(D_min)) − ln(T_orth(D_max) / T_orth(D_min)), which must exceed ln 2.
        const int budget = 5000;
        Estimate Growth(params (double GaussMin, double GaussMax, double OrthMin, double OrthMax)[] seeds) => Estimate.Mean(seeds.Select(p =>
            DeepLinearExperiment.DepthGrowthLogRatio(p.GaussMin, p.GaussMax, DeepLinearExperiment.TimeToCriterion(p.OrthMin, budget), DeepLinearExperiment.TimeToCriterion(p.OrthMax, budget))).ToList());
        // Violation: both grow about 8x from D = 2 to 16 (one orthogonal run capped: 5000 / 620, about 8x too).
        var same = Growth((400, 3200, 300, 2500), (420, 3300, 310, 2400), (390, 3150, 620, double.NaN), (410, 3250, 305, 2450), (405, 3180, 295, 2380));
        Assert.Equal(Verdict.DoesNotHold, DeepLinearExperiment.OrthogonalDepth.Decide("deep-linear", same).Verdict);
        // The seed's effect: orthogonal time about constant in depth while Gaussian grows 8x.
        var flat = Growth((400, 3200, 300, 320), (420, 3300, 310, 330), (390, 3150, 305, 315), (410, 3250, 300, 310), (405, 3180, 295, 330));
        Assert.Equal(Verdict.Holds, DeepLinearExperiment.OrthogonalDepth.Decide("deep-linear", flat).Verdict);
    }

    [Fact]
    public void ADecoupledRunThatLagsTheAnalyticCurveMakesTheClaimFail()
    {
        // Planted violation: mode strengths that follow u_f at 80% of its speed (per replicate 75..85%).
        var run = new DeepLinearExperiment().Grid(new DeepLinearConfig()).First();
        Assert.Equal((RunKind.Decoupled, TaskKind.Spectrum, 2), (run.Kind, run.Task, run.Depth));
        double s = 3;
        var worst = new[] { 0.75, 0.78, 0.8, 0.82, 0.85 }.Select(speed =>
            Assert.Single(DeepLinearExperiment.ModeFits(Lagging(run, s, speed)))).ToList();
        // The analytic-curve and half-time checks would fail on such runs.
        Assert.All(worst, f => Assert.True(f.MaxError > DeepLinearExperiment.CurveTolerance, $"{f.MaxError}"));
        Assert.All(worst, f => Assert.True(Math.Abs(f.HalfTimeRatio - 1) > DeepLinearExperiment.HalfTimeTolerance, $"{f.HalfTimeRatio}"));
    }

    /// <summary>A one-mode run whose strength follows u_f at <paramref name="speed"/> times its rate.</summary>
    private static RunView<DeepLinearRun> Lagging(DeepLinearRun run, double s, double speed)
    {
        var steps = Enumerable.Range(0, run.Steps / run.LogEvery).Select(i => i * run.LogEvery).ToArray();
        var metrics = new Dictionary<string, (int Step, double Value)[]>
        {
            ["s_0"] = [(0, s)],
            ["u_0"] = steps.Select(t => (t, SaxeDynamics.Analytic(s, run.InitialStrength, run.Tau, speed * t))).ToArray(),
            ["t_half_0"] = [(0, SaxeDynamics.HalfTime(s, run.InitialStrength, run.Tau) / speed)],
        };
        return new RunView<DeepLinearRun>(new RunRecord("planted", "deep-linear", "{}", 0, 0, RunStatus.Complete, null, null,
            DateTimeOffset.UnixEpoch, null, "", "", 1), run, metrics, DeepLinearMetrics.All);
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "ode-depths=2", "depths=3", "max-steps=300"];
        using var one = FamilyRun.Start(new DeepLinearExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new DeepLinearExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, DeepLinearMetrics.Loss.Name), two.Store.Metric(spec.Id, DeepLinearMetrics.Loss.Name));
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        var e = new DeepLinearExperiment();
        Assert.Contains("singular-values", Assert.Throws<BadInputException>(() => e.Plan("quick", ["singular-values=1,-2"])).Message);
        Assert.Contains("width", Assert.Throws<BadInputException>(() => e.Plan("quick", ["width=2"])).Message);
        Assert.Contains("hierarchy-levels", Assert.Throws<BadInputException>(() => e.Plan("quick", ["hierarchy-levels=7"])).Message);
        Assert.Contains("horizon", Assert.Throws<BadInputException>(() => e.Plan("quick", ["horizon=1"])).Message);
        Assert.Contains("> 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["eta=0"])).Message);
    }
}

using System.Xml.Linq;
using Tdlab.Experiments.LazyVsFeature;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class LazyVsFeatureTests
{
    private static readonly string[] Tiny =
        ["widths=8,16", "scale-count=3", "train-size=32", "test-size=32", "probe-size=6", "max-steps=3000", "step-cap=10", "input-dim=4", "fixed-step-control=true", "fluctuation-inits=2", "frozen-ntk-baseline=true"];

    [Fact]
    public void GridIsWidthsTimesLogScales()
    {
        var all = new LazyVsFeatureExperiment().Plan("quick", []).Runs.Select(r => (LazyVsFeatureRun)r.Config).ToList();
        var runs = all.Where(r => !r.IsControl && !r.IsFluctuation && !r.FrozenNtk).ToList();
        // one frozen-NTK baseline run per width and replicate, at the lazy limit of the grid's step
        Assert.Equal(3 * 5, all.Count(r => r.FrozenNtk));
        Assert.All(all.Where(r => r.FrozenNtk), r => Assert.Equal(0.1 * 10, r.Eta, 15));
        // one output-fluctuation run of 4 initialisations per width at alpha sqrt(m) = 10
        Assert.Equal([16, 64, 256], all.Where(r => r.IsFluctuation).Select(r => r.Width).Distinct());
        Assert.All(all.Where(r => r.IsFluctuation), r => Assert.Equal((4, 10.0), (r.Inits, r.Scale)));
        Assert.Equal(3 * 5, all.Count(r => r.IsFluctuation));
        Assert.Equal(3 * 7 * 5, runs.Count);   // widths x scales x 5 seeds
        // fixed-step controls at every width and every alpha sqrt(m) <= 0.5 (0.01, 0.046, 0.215), with the grid's smallest step
        var controls = all.Where(r => r.IsControl).ToList();
        Assert.Equal(3 * 3 * 5, controls.Count);
        Assert.All(controls, r => Assert.Equal(0.1 * 0.01, r.Eta, 15));
        Assert.All(runs, r => Assert.Equal(0.1 * Math.Min(10, r.Scale), r.Eta, 15));
        var scales = runs.Select(r => r.Scale).Distinct().Order().ToArray();
        Assert.Equal(0.01, scales[0]);
        Assert.Equal(100, scales[^1]);
        var r0 = runs.First(r => r.Width == 64 && r.Scale == 1);
        Assert.Equal(1 / 8.0, r0.Alpha, 15);
    }

    [Fact]
    public void RunIdentityIsTheOneStoresWrittenBeforeLabV2Hold()
    {
        // id and canonical JSON of (m = 64, alpha sqrt(m) = 1, replicate 0) in a quick store written by the previous main
        // (the quick preset before issue 11: step-cap 1, max-steps 300, no control, 3 seeds; the new settings are omitted at their defaults)
        var spec = new LazyVsFeatureExperiment().Plan("quick", ["step-cap=1", "max-steps=300", "fixed-step-control=false"], seeds: 3).Runs
            .Single(r => r.Replicate == 0 && r.Config is LazyVsFeatureRun { Width: 64, Scale: 1 });
        Assert.Equal("0ca517573847e1cf", spec.Id);
        Assert.Equal(
            "{\"beta\":5,\"data\":\"synthetic\",\"feature-regime-max\":0.5,\"gain\":1.404,\"hinge-beta\":5,\"input-dim\":10,\"max-steps\":300," +
            "\"probe-size\":16,\"scale\":1,\"step-size\":0.1,\"stop-ratio\":0.02,\"test-size\":4096,\"train-size\":128,\"width\":64}",
            spec.ConfigJson);
    }

    [Fact]
    public void TinySweepStoresMetricsAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new LazyVsFeatureExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete) + run.Summary.Count(RunStatus.Diverged));
        foreach (var spec in run.Plan.Runs.Where(r => r.Config is LazyVsFeatureRun { IsFluctuation: false, FrozenNtk: false }))
        {
            // the kernel computed by Jacobian contraction and by NTK-vector products agrees
            Assert.True(run.Store.Final(spec.Id, LazyVsFeatureMetrics.NtkAgreement.Name) < 1e-10);
            Assert.True(run.Store.Final(spec.Id, LazyVsFeatureMetrics.NtkChange.Name) >= 0);
        }

        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Equal(["ntk-change-exponent", "t-half-grows-like-alpha-sqrt-m", "t-half-fixed-step", "widths-collapse", "widths-collapse-affine", "output-fluctuations-width", "lazy-end-reaches-frozen-ntk"], run.Analysis.Claims.Select(c => c.Id));
        Assert.Equal(["runs-reach-stop", "ntk-methods-agree", "frozen-ntk-kernel"], run.Analysis.Checks.Select(c => c.Id));
        Assert.All(run.Plan.Runs.Where(r => r.Config is LazyVsFeatureRun { FrozenNtk: true }), r =>
        {
            Assert.True(run.Store.Final(r.Id, LazyVsFeatureMetrics.FrozenNtkAgreement.Name) < 1e-8);
            Assert.InRange(run.Store.Final(r.Id, LazyVsFeatureMetrics.TestError.Name), 0, 1);
        });
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.InRange(c.N, 0, 1));   // one seed: at most one value per claim, so inconclusive
        Assert.All(run.Plan.Runs.Where(r => r.Config is LazyVsFeatureRun { IsFluctuation: true }),
            r => Assert.True(run.Store.Final(r.Id, LazyVsFeatureMetrics.OutputFluctuation.Name) > 0));
        // a control run stops once the loss has halved, at the fixed step
        var control = run.Plan.Runs.First(r => r.Config is LazyVsFeatureRun { IsControl: true });
        Assert.True(double.IsFinite(run.Store.Final(control.Id, LazyVsFeatureMetrics.THalf.Name)));
        Assert.All(run.Analysis.Claims, c => Assert.Equal(Verdict.Inconclusive, c.Verdict));
        Assert.Equal(6, run.Analysis.Figures.Count);
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "widths=8", "scale-count=1", "scale-min=0.1", "scale-max=0.1"];
        using var one = FamilyRun.Start(new LazyVsFeatureExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new LazyVsFeatureExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            Assert.Equal(one.Store.Metric(spec.Id, LazyVsFeatureMetrics.Loss.Name), two.Store.Metric(spec.Id, LazyVsFeatureMetrics.Loss.Name));
    }

    [Fact]
    public void SpearmanAndCollapseSpreadsOfKnownCurves()
    {
        Assert.Equal(-1, LazyVsFeatureExperiment.Spearman([1, 2, 3, 4], [9, 5, 2, 1]), 12);
        // Two widths whose values depend on alpha sqrt(m) only: zero spread at fixed alpha sqrt(m), nonzero at fixed alpha.
        var points = new[] { 4, 16 }.SelectMany(m => new[] { 0.1, 1, 10 }.Select(s =>
            new LazyVsFeatureExperiment.GridPoint(m, s, new(Math.Log(s), 0, 1, 1), default, default, default))).ToList();
        var (atScale, atAlpha) = LazyVsFeatureExperiment.CollapseSpreads(points, p => p.TestError.Mean, log: false);
        Assert.Equal(0, atScale, 12);
        Assert.True(atAlpha > 0.5);
        // standard error of the mean over 4 seeds, std / sqrt(4), root-mean-square over points
        var noisy = new[] { 0.02, 0.04 }.Select(sd => new LazyVsFeatureExperiment.GridPoint(4, sd, new(0.1, sd, 4, 4), default, default, default)).ToList();
        Assert.Equal(Math.Sqrt((0.01 * 0.01 + 0.02 * 0.02) / 2), LazyVsFeatureExperiment.StandardError(noisy), 12);
    }

    [Fact]
    public void PlantedViolationsTurnTheClaimsToDoesNotHold()
    {
        // Five replicates whose grids show the opposite of the seed: the NTK change grows with alpha sqrt(m),
        // t_L/2 grows like (alpha sqrt(m))^2, and the test error depends on alpha alone (no collapse against alpha sqrt(m)).
        var replicates = Enumerable.Range(0, 5).Select(Inverted).ToList();
        var e = new LazyVsFeatureExperiment();
        var rho = Estimate.Mean(replicates.Select(LazyVsFeatureExperiment.NtkChangeExponentOf));
        var exponent = Estimate.Mean(replicates.Select(g => LazyVsFeatureExperiment.THalfExponent(g, 0.5)));
        var collapse = Estimate.Mean(replicates.Select(LazyVsFeatureExperiment.CollapseLogRatio));
        Assert.True(rho.Value < 0);
        Assert.InRange(exponent.Value, 1.9, 2.3);
        Assert.True(collapse.Value > 0);
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.NtkChangeExponent.Decide(e.Name, rho).Verdict);
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.THalfFixedStep.Decide(e.Name, exponent).Verdict);
        // an NTK change that falls too fast, (alpha sqrt(m))^(-3): a = 3 is outside (0, 2)
        var steep = Estimate.Mean(Enumerable.Range(0, 5).Select(k => LazyVsFeatureExperiment.NtkChangeExponentOf(new[] { 16, 64 }.SelectMany(m => new[] { 1.0, 10, 100 }.Select(sc =>
            new LazyVsFeatureExperiment.GridPoint(m, sc, default, new(Math.Pow(sc, -3 - 0.05 * k) * (1 + 0.01 * (m % 3)), 0, 1, 1), default, default))).ToList())));
        Assert.InRange(steep.Value, 2.9, 3.3);
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.NtkChangeExponent.Decide(e.Name, steep).Verdict);
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.THalfGrowsLikeScale.Decide(e.Name, exponent).Verdict);
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.WidthsCollapse.Decide(e.Name, collapse).Verdict);
        var affine = Estimate.Mean(replicates.Select(LazyVsFeatureExperiment.AffineCollapseLogRatio));
        Assert.True(affine.Value > 0);
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.WidthsCollapseAffine.Decide(e.Name, affine).Verdict);

        // and the same statistics of a grid that behaves as the seed says put each claim on the holding side
        var good = new[] { 16, 64 }.SelectMany(m => new[] { 0.01, 0.1, 0.5, 1, 10 }.Select(s =>
            new LazyVsFeatureExperiment.GridPoint(m, s, new(Math.Log(s), 0, 1, 1), new(1 / s, 0, 1, 1), new(2 * s, 0, 1, 1), default))).ToList();
        Assert.True(LazyVsFeatureExperiment.NtkChangeCorrelation(good) < -0.8);
        Assert.Equal(1, LazyVsFeatureExperiment.NtkChangeExponentOf(good), 12);
        Assert.Equal(1, LazyVsFeatureExperiment.THalfExponent(good, 0.5), 12);
        Assert.True(LazyVsFeatureExperiment.CollapseLogRatio(good) < Math.Log(LazyVsFeatureExperiment.CollapseRatio));
        // curves of alpha sqrt(m) alone up to an affine map per width (3 e + 0.1 at m = 16) collapse after the map, not against alpha
        var affineGood = new[] { 16, 64 }.SelectMany(m => new[] { 0.01, 0.1, 0.5, 1, 10 }.Select(sc =>
            new LazyVsFeatureExperiment.GridPoint(m, sc, new((m == 16 ? 3 : 1) * Math.Tanh(Math.Log(sc)) + (m == 16 ? 0.1 : 0), 0, 1, 1), default, default, default))).ToList();
        Assert.Equal(0, LazyVsFeatureExperiment.AffineCollapseSpread(affineGood, scale: true), 9);
        Assert.True(LazyVsFeatureExperiment.AffineCollapseSpread(affineGood, scale: false) > 0.05);
    }

    /// <summary>A replicate's grid (widths 16, 64; alpha sqrt(m) 0.01 .. 10) on the wrong side of every claim, with a little replicate noise.</summary>
    private static List<LazyVsFeatureExperiment.GridPoint> Inverted(int replicate)
    {
        double k = 2 + 0.05 * replicate;
        return new[] { 16, 64 }.SelectMany(m => new[] { 0.01, 0.1, 0.5, 1, 10 }.Select((s, i) =>
        {
            double alpha = s / Math.Sqrt(m);
            double noise = 1 + 0.01 * ((replicate * 7 + i * 3 + m) % 5);
            return new LazyVsFeatureExperiment.GridPoint(m, s, new(Math.Tanh(Math.Log(alpha) + 2) + 0.02 * ((replicate + i + m) % 3), 0, 1, 1), new(s * noise * (i == replicate % 3 && m == 64 ? 30 : 1), 0, 1, 1),
                new(Math.Pow(s, k) * noise, 0, 1, 1), default);
        })).ToList();
    }

    [Fact]
    public void OutputFluctuationsOfKnownOutputsAndAPlantedViolation()
    {
        // two initialisations differing by 2 at every point: unbiased variance 2, delta F = sqrt 2
        Assert.Equal(Math.Sqrt(2), LazyVsFeatureExperiment.OutputFluctuationOf([[1, 2, 3], [3, 4, 5]]), 12);
        Assert.Equal(-0.5, LazyVsFeatureExperiment.FluctuationSlope([(16, 1), (64, 0.5), (256, 0.25)]), 12);
        // Planted violation: fluctuations that do not fall with width (slopes near 0) in five replicates
        var slopes = Enumerable.Range(0, 5).Select(k => LazyVsFeatureExperiment.FluctuationSlope(
            [(32, 1.0), (64, 1.0 + 0.02 * k), (128, 0.98 + 0.01 * k)])).ToList();
        Assert.Equal(Verdict.DoesNotHold, LazyVsFeatureExperiment.OutputFluctuationsFall.Decide("lazy-vs-feature", Estimate.Mean(slopes)).Verdict);
    }

    [Fact]
    public void FrozenFlowIsGradientDescentOfTheLinearisedModelAtAnyAlpha()
    {
        // a random linear model F = alpha J w (the linearisation at w0 = 0), trained by GD on (1 / (alpha^2 n)) sum sp_beta(1 - y F)
        // with step eta, gives the function-space iterates of FrozenFlow with Theta = J J^T, whatever alpha
        const int n = 6, p = 9;
        const double eta = 0.5, beta = 5;
        var rng = new Random(3);
        var jac = Enumerable.Range(0, n * p).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var y = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var theta = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                theta[i * n + j] = Enumerable.Range(0, p).Sum(k => jac[i * p + k] * jac[j * p + k]);
        var losses = new List<double>();
        var flow = LazyVsFeatureExperiment.FrozenFlow(theta, y, eta, beta, 0.5, 40, CancellationToken.None, (_, v) => losses.Add(v));
        Assert.True(flow.Last < 40);
        Assert.Equal(Math.Log(1 + Math.Exp(beta)) / beta, losses[0], 12);
        Assert.True(losses[^1] <= 0.5 * losses[0]);
        for (int i = 0; i < n; i++)   // F = Theta c
            Assert.Equal(Enumerable.Range(0, n).Sum(j => theta[i * n + j] * flow.Coefficients[j]), flow.Train[i], 10);
        foreach (double alpha in new[] { 0.3, 20.0 })
        {
            var w = new double[p];
            double[] F() => Enumerable.Range(0, n).Select(i => alpha * Enumerable.Range(0, p).Sum(k => jac[i * p + k] * w[k])).ToArray();
            for (int step = 0; step < flow.Last; step++)
            {
                var f = F();
                for (int k = 0; k < p; k++)   // dL/dw_k = -(1 / (alpha n)) sum_i y_i sigmoid(beta (1 - y_i F_i)) J_ik
                    w[k] += eta / (alpha * n) * Enumerable.Range(0, n).Sum(i => y[i] / (1 + Math.Exp(-beta * (1 - y[i] * f[i]))) * jac[i * p + k]);
            }

            var final = F();
            for (int i = 0; i < n; i++) Assert.Equal(final[i], flow.Train[i], 10);
        }
    }

    [Fact]
    public void FrozenNtkGapsAndAPlantedViolation()
    {
        // a replicate's grid at widths 16, 64: test error 0.2 at small alpha sqrt(m), e_lazy at the largest
        static List<LazyVsFeatureExperiment.GridPoint> Grid(double lazy16, double lazy64) => new[] { 16, 64 }.SelectMany(m => new[] { 0.1, 1, 100 }.Select(sc =>
            new LazyVsFeatureExperiment.GridPoint(m, sc, new(sc == 100 ? (m == 16 ? lazy16 : lazy64) : 0.2, 0, 1, 1), default, default, default))).ToList();
        var gaps = LazyVsFeatureExperiment.FrozenNtkGaps([(64, 0.10), (16, 0.12)], Grid(0.125, 0.097));
        Assert.Equal([16, 64], gaps.Select(g => g.Width));
        Assert.Equal(0.005, gaps[0].Gap, 12);
        Assert.Equal(0.003, gaps[1].Gap, 12);
        var spec = LazyVsFeatureExperiment.LazyEndReachesFrozenNtk;
        // planted violation: the lazy end stays 3-4 points above the frozen-NTK error (the net never becomes the kernel predictor)
        var planted = Enumerable.Range(0, 5).Select(k => LazyVsFeatureExperiment.FrozenNtkGaps([(16, 0.12), (64, 0.10)], Grid(0.15 + 0.002 * k, 0.14 - 0.002 * k))).ToList();
        foreach (int w in new[] { 0, 1 })
            Assert.Equal(Verdict.DoesNotHold, spec.Decide("lazy-vs-feature", Estimate.Mean(planted.Select(g => g[w].Gap))).Verdict);
        // and lazy ends within a few tenths of a point of it hold
        var good = Enumerable.Range(0, 5).Select(k => LazyVsFeatureExperiment.FrozenNtkGaps([(16, 0.12), (64, 0.10)], Grid(0.121 + 0.0005 * k, 0.1 - 0.0005 * k))).ToList();
        foreach (int w in new[] { 0, 1 })
            Assert.Equal(Verdict.Holds, spec.Decide("lazy-vs-feature", Estimate.Mean(good.Select(g => g[w].Gap))).Verdict);
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new LazyVsFeatureExperiment();
        Assert.Contains("widths", Assert.Throws<BadInputException>(() => e.Plan("quick", ["widths=0"])).Message);
        Assert.Contains("probe-size", Assert.Throws<BadInputException>(() => e.Plan("quick", ["probe-size=1000"])).Message);
        Assert.Contains("> 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["step-size=0"])).Message);
        Assert.Contains("stop-ratio", Assert.Throws<BadInputException>(() => e.Plan("quick", ["stop-ratio=1.5"])).Message);
        Assert.Contains("scale-min", Assert.Throws<BadInputException>(() => e.Plan("quick", ["scale-min=10", "scale-max=1"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => e.Plan("quick", ["data=/no/such/folder"])).Message);
    }
}

using System.Xml.Linq;
using Tdlab.Experiments.Lipschitz;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class LipschitzTests
{
    private static readonly string[] Tiny =
    [
        "depth=2", "width=12", "epochs=2", "train-size=128", "test-size=64", "input-dim=6", "classes=3", "probe-size=16",
        "widths=[2,8,32]", "probe-refresh-iterations=50", "trained-sweep=true", "sweep-train-size=64", "sweep-test-size=64", "sweep-epochs=4", "sweep-batch-size=32", "sweep-log-every=2",
    ];

    [Fact]
    public void GridIsTheThreeVariantsPlusTheWidthSweep()
    {
        var plan = new LipschitzExperiment().Plan("quick", [], seeds: 2);
        var runs = plan.Runs.Select(r => (LipschitzRun)r.Config).ToList();
        Assert.Equal((3 + 13) * 2, runs.Count);
        Assert.Equal([Variant.Plain, Variant.WeightDecay, Variant.SpectralNorm], runs.Where(r => r.IsVariant).Select(r => r.Variant).Distinct().Order());
        Assert.All(runs.Where(r => r.IsVariant), r => Assert.Equal(r.Variant == Variant.WeightDecay ? 5e-3 : 0, r.WeightDecay));
        Assert.All(runs.Where(r => r.IsVariant), r => Assert.Equal(r.Variant == Variant.SpectralNorm ? (20, 200) : (0, 0), (r.PowerIterations, r.ProbeRefreshIterations)));
        Assert.All(runs.Where(r => r.IsWidth), r => Assert.Equal(0, r.ProbeRefreshIterations));
        Assert.Equal(5, new LipschitzExperiment().Quick.Seeds);
        var widths = runs.Where(r => r.IsWidth).Select(r => r.Width).Distinct().ToArray();
        Assert.Equal([8, 16, 32, 64, 128, 192, 240, 255, 272, 320, 512, 1024, 2048], widths);
        Assert.All(runs.Where(r => r.IsWidth), r => Assert.Equal(0.2, r.LabelNoise));
        Assert.All(runs.Where(r => r.IsWidth), r => Assert.Equal(OptimizerKind.MinNorm, r.Optimizer));
        Assert.All(runs.Where(r => r.IsWidth), r => Assert.Equal((1, 0.0, 1), (r.Epochs, r.LearningRate, r.LogEvery)));
        // the widths span the random-features interpolation threshold width + 1 = training examples
        Assert.Contains(widths, w => w + 1 == runs.First(r => r.IsWidth).TrainSize);
    }

    [Fact]
    public void TrainedWidthsAreTheTrainedSweepsWidthsAndTheRandomFeaturesSweepKeepsWidths()
    {
        var e = new LipschitzExperiment();
        var runs = e.Plan("quick", ["trained-sweep=true", "widths=[8,64,255]", "trained-widths=[2,4,8,16]"], seeds: 2).Runs.Select(r => (LipschitzRun)r.Config).ToList();
        Assert.Equal([8, 64, 255], runs.Where(r => r.IsWidth && r.Optimizer == OptimizerKind.MinNorm).Select(r => r.Width).Distinct());
        Assert.Equal([2, 4, 8, 16], runs.Where(r => r.IsWidth && r.Optimizer == OptimizerKind.Adam).Select(r => r.Width).Distinct());
        Assert.Equal((3 + 3 + 4) * 2, runs.Count);
        // a lone Adam sweep (sweep-optimizer=adam) is the trained sweep too
        var adam = e.Plan("quick", ["sweep-optimizer=adam", "widths=[8,64]", "trained-widths=[2,4,8]"], seeds: 1).Runs.Select(r => (LipschitzRun)r.Config);
        Assert.Equal([2, 4, 8], adam.Where(r => r.IsWidth).Select(r => r.Width));
    }

    [Fact]
    public void DefaultTrainedWidthsKeepThePlanAndTheFullPresetOnlyAddsNarrowTrainedRuns()
    {
        var e = new LipschitzExperiment();
        Assert.Empty(new LipschitzConfig().TrainedWidths);
        var before = e.Plan("quick", ["trained-sweep=true"], seeds: 2).Runs;
        var widths = before.Select(r => (LipschitzRun)r.Config).Where(r => r.IsWidth && r.Optimizer == OptimizerKind.Adam).Select(r => r.Width).Distinct();
        Assert.Equal(new LipschitzConfig().Widths, widths);
        Assert.DoesNotContain("trained-widths", e.Plan("quick", ["trained-sweep=true"], seeds: 2).ConfigJson);   // the sweep's key
        Assert.Equal(before.Select(r => r.Id), e.Plan("quick", ["trained-sweep=true", "trained-widths=[]"], seeds: 2).Runs.Select(r => r.Id));

        // full preset: every run of the plan without trained-widths (the stored first full run) is still planned, with the same id
        var full = e.Plan("full", ["data=synthetic"]).Runs;
        var old = e.Plan("full", ["data=synthetic", "trained-widths=[]"]).Runs;
        Assert.Empty(old.Select(r => r.Id).Except(full.Select(r => r.Id)));
        var added = full.Where(r => !old.Any(o => o.Id == r.Id)).Select(r => (LipschitzRun)r.Config).ToList();
        Assert.Equal(15 * 5, added.Count);
        Assert.All(added, r => Assert.True(r.IsWidth && r.Optimizer == OptimizerKind.Adam && r.Width < 32));
    }

    [Fact]
    public void TinySweepStoresProbesAndAnalysesEveryClaim()
    {
        using var run = FamilyRun.Start(new LipschitzExperiment(), Tiny);
        Assert.Equal(run.Plan.Runs.Count, run.Summary.Count(RunStatus.Complete));
        var variant = run.Plan.Runs.First(r => ((LipschitzRun)r.Config).IsVariant);
        Assert.Equal([0, 1, 2], run.Store.Metric(variant.Id, LipschitzMetrics.LogUpper.Name).Select(p => p.Step));
        Assert.Equal(3, Enumerable.Range(1, 3).Count(l => double.IsFinite(run.Store.Final(variant.Id, LipschitzMetrics.LayerSpectralNorm.At(l).Name))));
        var width = run.Plan.Runs.First(r => ((LipschitzRun)r.Config).IsWidth);
        Assert.Equal([1], run.Store.Metric(width.Id, LipschitzMetrics.Lower.Name).Select(p => p.Step));
        Assert.True(run.Store.Final(width.Id, LipschitzMetrics.TestSquaredError.Name) >= 0);
        Assert.True(run.Analysis.Valid, string.Join("; ", run.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Equal(
            ["spectral-norm-shrinks-layers", "spectral-norm-shrinks-bound", "weight-decay-smaller-bound", "lipschitz-peaks-before-descent", "lipschitz-tracks-test-error", "width-non-monotonic", "width-non-monotonic-trained"],
            run.Analysis.Claims.Select(c => c.Id));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.All(run.Analysis.Claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Spec.Seed.Quote)));
        // the bounds are mathematical facts of the stored metrics: checks that must pass at any scale
        Assert.Equal(["lower-below-upper", "spectral-norm-constraint", "power-iteration-matches-svd"], run.Analysis.Checks.Select(c => c.Id));
        // the spectral-norm run logs the lag of its persistent vectors before each probe's refresh
        var sn = run.Plan.Runs.First(r => r.Config is LipschitzRun { IsVariant: true, Variant: Variant.SpectralNorm });
        Assert.Equal([0, 1, 2], run.Store.Metric(sn.Id, LipschitzMetrics.SpectralNormLag.Name).Select(p => p.Step));
        Assert.All(run.Analysis.Checks, c => Assert.True(c.Passes, c.ToString()));
        Assert.Equal(5, run.Analysis.Figures.Count);   // with the trained width sweep beside the random-features one
        Assert.Equal(3, run.Plan.Runs.Count(r => r.Config is LipschitzRun { IsWidth: true, Optimizer: OptimizerKind.Adam }));   // 3 widths, one seed
        Assert.Equal(3, run.Plan.Runs.Count(r => r.Config is LipschitzRun { IsWidth: true, Optimizer: OptimizerKind.MinNorm }));
        Assert.All(run.Analysis.Figures, f => XDocument.Parse(f.Svg));
    }

    [Fact]
    public void MetricsDoNotDependOnTheThreadCount()
    {
        string[] small = [.. Tiny, "variants=spectral-norm", "widths=[4]"];
        using var one = FamilyRun.Start(new LipschitzExperiment(), small, threads: 1);
        using var two = FamilyRun.Start(new LipschitzExperiment(), small, threads: 2);
        foreach (var spec in one.Plan.Runs)
            foreach (var name in new[] { LipschitzMetrics.Loss.Name, LipschitzMetrics.LogUpper.Name, LipschitzMetrics.Lower.Name })
                Assert.Equal(one.Store.Metric(spec.Id, name), two.Store.Metric(spec.Id, name));
    }

    [Fact]
    public void AdamWidthSweepLogsEveryFewEpochs()
    {
        using var run = FamilyRun.Start(new LipschitzExperiment(), [.. Tiny, "variants=plain", "widths=[4]", "sweep-optimizer=adam"]);
        var width = run.Plan.Runs.Single(r => ((LipschitzRun)r.Config).IsWidth && r.Replicate == 0);
        Assert.Equal([0, 2, 4], run.Store.Metric(width.Id, LipschitzMetrics.Lower.Name).Select(p => p.Step));
    }

    [Fact]
    public void MinNormFitInterpolatesWithTheSmallestNormOrSolvesTheNormalEquations()
    {
        var rng = new Tdlab.Tensors.Random.Rng(3, "phi");
        foreach (var (n, q) in new[] { (4, 7), (7, 4), (5, 5) })
        {
            var phi = new double[n * q];
            var y = new double[n * 2];
            rng.Normal<double>(phi, 0, 1);
            rng.Normal<double>(y, 0, 1);
            var b = MinNormFit.Solve(phi, n, q, y, 2);                    // (q, 2)
            var residual = new double[n * 2];                              // Phi B - Y
            for (int i = 0; i < n; i++)
                for (int j = 0; j < 2; j++)
                    residual[i * 2 + j] = Enumerable.Range(0, q).Sum(a => phi[i * q + a] * b[a * 2 + j]) - y[i * 2 + j];
            if (q >= n)
            {
                // interpolates, and B = Phi^T z lies in the row space of Phi (the minimum-norm interpolant)
                Assert.All(residual, r => Assert.Equal(0, r, 1e-9));
                var z = Tdlab.Tensors.Linalg.Svd.Decompose(phi, n, q);     // project B's columns off the row space
                for (int j = 0; j < 2; j++)
                {
                    var col = Enumerable.Range(0, q).Select(a => b[a * 2 + j]).ToArray();
                    for (int c = 0; c < z.K; c++)
                    {
                        double dot = Enumerable.Range(0, q).Sum(a => z.Vt[c * q + a] * col[a]);
                        for (int a = 0; a < q; a++) col[a] -= dot * z.Vt[c * q + a];
                    }

                    Assert.All(col, r => Assert.Equal(0, r, 1e-9));
                }
            }
            else
            {
                // normal equations Phi^T (Phi B - Y) = 0
                for (int a = 0; a < q; a++)
                    for (int j = 0; j < 2; j++)
                        Assert.Equal(0, Enumerable.Range(0, n).Sum(i => phi[i * q + a] * residual[i * 2 + j]), 1e-9);
            }
        }

        Assert.Contains("MinNormFit", Assert.Throws<ArgumentException>(() => MinNormFit.Solve(new double[5], 2, 3, new double[2], 1)).Message);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.4, 0.3, 0.2 }, 0.0, -1)]
    [InlineData(new[] { 0.5, 0.3, 0.45, 0.2 }, 0.15, 2)]
    [InlineData(new[] { 0.5, 0.3, 0.35, 0.25, 0.4 }, 0.15, 4)]
    public void PeakAboveEnvelopeIsTheLargestRiseOverTheRunningMinimum(double[] curve, double height, int index)
    {
        var (h, at) = LipschitzExperiment.PeakAboveEnvelope(curve);
        Assert.Equal(height, h, 12);
        Assert.Equal(index, at);
    }

    [Fact]
    public void AMonotoneWidthCurveMakesTheDoubleDescentClaimFail()
    {
        // Planted violation: five replicates whose test error falls with width (up to rises of at most 0.004).
        var config = new LipschitzConfig { Widths = [8, 64, 255, 2048] };
        var grid = new LipschitzExperiment().Grid(config).Where(r => r.IsWidth).ToList();
        var heights = Enumerable.Range(0, 5).Select(replicate =>
        {
            double[] error = [0.7, 0.6, 0.55, 0.55 + 0.001 * replicate];
            var runs = grid.Select((run, i) => new RunView<LipschitzRun>(
                new RunRecord($"planted-{i}", "lipschitz", "{}", 0, replicate, RunStatus.Complete, null, null, DateTimeOffset.UnixEpoch, null, "", "", 1),
                run, new Dictionary<string, (int Step, double Value)[]> { [LipschitzMetrics.TestAccuracy.Name] = [(1, 1 - error[i])] }, LipschitzMetrics.All)).ToList();
            return LipschitzExperiment.ReplicatePeakHeight(runs);
        }).ToList();
        Assert.All(heights, h => Assert.InRange(h, 0, 0.0041));
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.WidthNonMonotonic.Decide("lipschitz", Estimate.Mean(heights)).Verdict);
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.WidthNonMonotonicTrained.Decide("lipschitz", Estimate.Mean(heights)).Verdict);
        // Weight decay that ends with a larger bound than plain training in every replicate.
        Assert.Equal(Verdict.DoesNotHold,
            LipschitzExperiment.WeightDecaySmallerBound.Decide("lipschitz", Estimate.Mean([0.3, 0.25, 0.4, 0.35, 0.3])).Verdict);
    }

    /// <summary>A finished variants run of one replicate whose final metrics are the given values.</summary>
    private static RunView<LipschitzRun> VariantRun(Variant variant, int replicate, double logUpper, double[] layerNorms)
    {
        var config = new LipschitzRun(new LipschitzConfig()) { Study = Study.Variants, Variant = variant };
        var metrics = new Dictionary<string, (int Step, double Value)[]> { [LipschitzMetrics.LogUpper.Name] = [(10, logUpper)] };
        for (int l = 0; l < layerNorms.Length; l++) metrics[LipschitzMetrics.LayerSpectralNorm.At(l + 1).Name] = [(10, layerNorms[l])];
        return new RunView<LipschitzRun>(
            new RunRecord($"planted-{variant}-{replicate}", "lipschitz", "{}", 0, replicate, RunStatus.Complete, null, null, DateTimeOffset.UnixEpoch, null, "", "", 1),
            config, metrics, LipschitzMetrics.All);
    }

    [Fact]
    public void RegularisersThatGrowTheNormsMakeTheShrinkClaimsFail()
    {
        // Planted violation: in five replicates spectral normalisation and weight decay end with larger layer norms
        // and bounds than plain training (with some replicate variation).
        var runs = Enumerable.Range(0, 5).SelectMany(k => new[]
        {
            VariantRun(Variant.Plain, k, 2.0, [2.5, 2.6, 2.7]),
            VariantRun(Variant.SpectralNorm, k, 2.5 + 0.05 * k, [3.0 + 0.1 * k, 3.1, 3.2 - 0.05 * k]),
            VariantRun(Variant.WeightDecay, k, 2.3 + 0.02 * k, [2.8, 2.9, 3.0]),
        }).ToList();
        var layers = Enumerable.Range(1, 3).Select(l => ($"layer {l}",
            Estimate.Mean(LipschitzExperiment.PairedLogRatios(runs, Variant.SpectralNorm, r => Math.Log(r.Final(LipschitzMetrics.LayerSpectralNorm.At(l))))))).ToList();
        Assert.All(layers, c => Assert.Equal(5, c.Item2.N));
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.SpectralNormShrinksLayers.DecideAll("lipschitz", layers).Verdict);
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.SpectralNormShrinksBound.Decide("lipschitz",
            Estimate.Mean(LipschitzExperiment.PairedLogRatios(runs, Variant.SpectralNorm, r => r.Final(LipschitzMetrics.LogUpper)))).Verdict);
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.WeightDecaySmallerBound.Decide("lipschitz",
            Estimate.Mean(LipschitzExperiment.PairedLogRatios(runs, Variant.WeightDecay, r => r.Final(LipschitzMetrics.LogUpper)))).Verdict);
    }

    [Fact]
    public void EpochStatisticsOfKnownCurvesAndTheirPlantedViolations()
    {
        // the estimate peaks at epoch 2 of 4; the test error falls 0.9 -> 0.1, of which 0.6 - 0.1 = 0.5 after the peak: 0.625
        Assert.Equal(0.625, LipschitzExperiment.DescentAfterPeak([1, 3, 5, 4, 2], [0.9, 0.8, 0.6, 0.3, 0.1]), 12);
        Assert.Equal(0, LipschitzExperiment.DescentAfterPeak([1, 2, 3, 4, 5], [0.9, 0.8, 0.6, 0.3, 0.1]), 12);
        Assert.True(double.IsNaN(LipschitzExperiment.DescentAfterPeak([1, 2, 3], [0.5, 0.6, 0.7])));
        Assert.Equal(1, LipschitzExperiment.Spearman([1, 2, 3, 4], [0.1, 0.2, 0.4, 0.3 + 0.2]), 12);
        Assert.Equal(-1, LipschitzExperiment.Spearman([1, 2, 3, 4], [0.9, 0.5, 0.2, 0.1]), 12);

        // Planted violations, five replicates: the estimate peaks late (only a little descent follows) and rises
        // while the test error falls (negative rank correlation).
        var after = Enumerable.Range(0, 5).Select(k => LipschitzExperiment.DescentAfterPeak(
            [1, 2, 3, 4 + k, 4, 3.5], [0.9, 0.6, 0.4, 0.25 + 0.01 * k, 0.22, 0.2])).ToList();
        Assert.All(after, v => Assert.InRange(v, 0, 0.3));
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.LipschitzPeaksBeforeDescent.Decide("lipschitz", Estimate.Mean(after)).Verdict);
        var rhos = Enumerable.Range(0, 5).Select(k => LipschitzExperiment.Spearman(
            [1, 2, 3, 4, 5, 6], [0.9, 0.7, 0.5 + 0.25 * (k % 2), 0.4, 0.3, 0.2])).ToList();
        Assert.All(rhos, v => Assert.True(v < -0.8));
        Assert.Equal(Verdict.DoesNotHold, LipschitzExperiment.LipschitzTracksTestError.Decide("lipschitz", Estimate.Mean(rhos)).Verdict);
    }

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new LipschitzExperiment();
        Assert.Contains("variant", Assert.Throws<BadInputException>(() => e.Plan("quick", ["variants=dropout"])).Message);
        Assert.Contains("optimizer", Assert.Throws<BadInputException>(() => e.Plan("quick", ["optimizer=lbfgs"])).Message);
        Assert.Contains("optimizer", Assert.Throws<BadInputException>(() => e.Plan("quick", ["optimizer=min-norm"])).Message);
        Assert.Contains("sweep-optimizer", Assert.Throws<BadInputException>(() => e.Plan("quick", ["sweep-optimizer=sgd"])).Message);
        Assert.Contains("> 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["widths=[8,0]"])).Message);
        Assert.Contains("trained-widths", Assert.Throws<BadInputException>(() => e.Plan("quick", ["trained-sweep=true", "trained-widths=[8,0]"])).Message);
        Assert.Contains("> 0", Assert.Throws<BadInputException>(() => e.Plan("quick", ["trained-widths=[-4]"])).Message);
        Assert.Contains("label-noise", Assert.Throws<BadInputException>(() => e.Plan("quick", ["label-noise=1.5"])).Message);
        Assert.Contains("activation", Assert.Throws<BadInputException>(() => e.Plan("quick", ["activation=swish"])).Message);
        Assert.Contains("does not exist", Assert.Throws<BadInputException>(() => e.Plan("quick", ["data=/no/such/folder"])).Message);
    }
}

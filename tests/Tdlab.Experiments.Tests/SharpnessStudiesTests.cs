using Tdlab.Experiments.SharpMinima;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Nn;
using Tdlab.Probes.GaussNewton;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Tests;

/// <summary>The outlier and second-order (topic 20) sub-studies of sharpness, on tiny settings.</summary>
public class SharpnessStudiesTests
{
    private static readonly string[] Tiny =
    [
        "data=synthetic", "examples=40", "synthetic-dim=5", "width=8", "batch-sizes=4,0", "learning-rate=0.2", "target-loss=1.0",
        "max-steps=400", "stability-steps=10", "bisection-steps=3", "trace-relative-error=0.2",
        "outlier-classes=2,3", "outlier-top=6", "slq-vectors=2", "slq-steps=10", "outlier-batch=4",
        "methods=gd,adam,gauss-newton,newton", "regression-examples=16", "teacher-width=2", "student-width=3",
        "first-order-max-steps=200", "second-order-max-steps=20", "align-every=25", "regression-target=1e-3",
    ];

    [Fact]
    public void QuickPlansBothSubStudiesAndKeepsTheBatchRunsAsBefore()
    {
        var runs = new SharpnessExperiment().Plan("quick", [], seeds: 1).Runs;
        var configs = runs.Select(r => (SharpnessRun)r.Config).ToList();
        Assert.Equal(2, configs.Count(r => r.Study == SharpnessStudy.BatchSize));
        Assert.Equal([2, 5, 10], configs.Where(r => r.Study == SharpnessStudy.Outliers).Select(r => r.Classes));
        Assert.Equal(4, configs.Count(r => r.Study == SharpnessStudy.SecondOrder));
        // the new settings are out of a batch run's identity at their defaults: its JSON is the one stored before
        foreach (var spec in runs.Where(r => ((SharpnessRun)r.Config).Study == SharpnessStudy.BatchSize))
            foreach (var key in new[] { "classes", "method", "outlier-top", "regression-examples", "damping", "align-every" })
                Assert.DoesNotContain($"\"{key}\"", spec.ConfigJson);
        Assert.Contains("batch-size", runs[0].ConfigJson);
    }

    [Fact]
    public void TinySubStudiesStoreTheirMetricsAndDoNotDependOnTheThreadCount()
    {
        using var one = FamilyRun.Start(new SharpnessExperiment(), Tiny, threads: 1);
        using var two = FamilyRun.Start(new SharpnessExperiment(), Tiny, threads: 2);
        Assert.Equal(one.Plan.Runs.Count, one.Summary.Count(Lab.Store.RunStatus.Complete));
        Assert.Equal(8, one.Plan.Runs.Count);
        foreach (var spec in one.Plan.Runs)
        {
            var run = (SharpnessRun)spec.Config;
            string[] metrics = run.Study switch
            {
                SharpnessStudy.Outliers => ["outliers", "bulk_edge", "outlier_gap", "outlier_lambda_max"],
                SharpnessStudy.SecondOrder => run.Method == OptimizerMethod.Adam ? ["regression_loss", "iterations", "adam_gn_cosine", "uniform_gn_cosine"] : ["regression_loss", "iterations", "products"],
                _ => ["loss", "sharpness", "trace"],
            };
            foreach (var metric in metrics)
            {
                Assert.NotEmpty(one.Store.Metric(spec.Id, metric));
                Assert.Equal(one.Store.Metric(spec.Id, metric), two.Store.Metric(spec.Id, metric));
            }
        }

        Assert.Equal(8, one.Analysis.Claims.Count);
        Assert.Contains(one.Analysis.Claims, c => c.Id == "outliers-match-classes");
        Assert.Contains(one.Analysis.Claims, c => c.Id == "adam-second-moment-aligns-with-gauss-newton-diagonal");
        Assert.True(one.Analysis.Valid, string.Join("; ", one.Analysis.Checks.Where(c => !c.Passes)));
        Assert.Equal(["batch_sharpness.svg", "outliers_and_optimisers.svg"], one.Analysis.Figures.Select(f => f.FileName));
        Assert.All(one.Analysis.Figures, f => System.Xml.Linq.XDocument.Parse(f.Svg));
    }

    [Fact]
    public void BadSubStudySettingsAreRejected()
    {
        var e = new SharpnessExperiment();
        Assert.Contains("outlier-classes", Assert.Throws<BadInputException>(() => e.Plan("quick", ["outlier-classes=1"])).Message);
        Assert.Contains("methods", Assert.Throws<BadInputException>(() => e.Plan("quick", ["methods=none"])).Message);
        Assert.Contains("methods", Assert.Throws<BadInputException>(() => e.Plan("quick", ["methods=gd,gd"])).Message);
    }

    /// <summary>The counting rule on spectra whose answer is known: three outliers over a bulk, none above the edge, one dominant gap.</summary>
    [Fact]
    public void OutlierRuleCountsTheLargestGapAboveTheBulkEdge()
    {
        Assert.Equal(3, OutlierStudy.Count([10, 9, 8, 1, 0.9, 0.5], 0.4).Count);
        Assert.Equal(3, OutlierStudy.Count([0.9, 10, 8, 9, 1, 0.5], 0.4).Count);       // order does not matter
        Assert.Equal(0, OutlierStudy.Count([0.3, 0.2], 0.4).Count);
        var (count, _, gap) = OutlierStudy.Count([8, 7.9, 0.5], 0.4);
        Assert.Equal(2, count);
        Assert.Equal(7.9 / 0.5, gap, 12);
    }

    /// <summary>The bulk edge of a diagonal operator's SLQ density is a quantile of its eigenvalues (SLQ with m = n steps is exact).</summary>
    [Fact]
    public void BulkEdgeIsTheDensityQuantile()
    {
        const int n = 200;
        var d = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var op = new DelegateOperator(n, (x, y) =>
        {
            for (int i = 0; i < n; i++) y[i] = d[i] * x[i];
        });
        var density = SpectralDensity.Estimate(op, new Rng(3), vectors: 2, steps: n);
        Assert.InRange(OutlierStudy.Quantile(density, 0.99), 197 - 1e-6, 198 + 1e-6);  // the 198th of 200 equal weights (199th when the sum rounds below 0.99)
    }

    /// <summary>The exact Gauss-Newton diagonal from per-coordinate products equals the dense G's diagonal (J from one backward per example).</summary>
    [Fact]
    public void GaussNewtonDiagonalIsExact()
    {
        var model = Mlp.Build<double>(3, [4], 1, new Rng(5, "net"), Activation.Tanh);
        var x = Tensor.Normal<double>(new Rng(6), new Shape(7, 3));
        var g = GaussNewtonProduct<double>.Of(model, x, OutputLoss.MeanSquare);
        var diagonal = SecondOrderStudy.GaussNewtonDiagonal(g);
        var parameters = model.Parameters().ToList();
        var expected = new double[g.Dimension];
        for (int b = 0; b < 7; b++)
        {
            using var rec = Tdlab.Tensors.Autodiff.Autograd.EnableGrad();
            var row = Tensor.From(x.Span.Slice(b * 3, 3).ToArray(), 1, 3);
            var grads = Tdlab.Tensors.Autodiff.Autograd.Grad([model.Forward(row)], parameters);
            var j = grads.SelectMany(t => t.ToDoubleArray()).ToArray();              // J_b (1, P)
            for (int i = 0; i < j.Length; i++) expected[i] += j[i] * j[i] / 7;       // G_ii = (1/B) sum_b J_bi^2
        }

        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], diagonal[i], 12);
        Assert.Equal(1, SecondOrderStudy.Cosine([1, 2, 3], [2, 4, 6]), 12);
    }

    [Fact]
    public void PlantedViolationsOfTheSubStudiesDoNotHold()
    {
        // 2C outliers in every seed, counted by the claim's own statistic n_out - C: does not hold; C - 1 holds.
        Estimate Excess(params (double Outliers, int Classes)[] runs) => Estimate.Mean(runs.Select(p => SharpnessExperiment.OutlierExcess(p.Outliers, p.Classes)));
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.OutliersMatchClasses.Decide("s", Excess((10, 5), (11, 5), (9, 5))).Verdict);
        Assert.Equal(Verdict.Holds, SharpnessExperiment.OutliersMatchClasses.Decide("s", Excess((4.5, 5), (4.4, 5), (4.6, 5))).Verdict);
        // n_out flat in C: the slope is about 0, outside [0.75, 1.25]; growing one for one holds.
        int[] classes = [2, 5, 10];
        var flat = new[] { 0.0, 0.1, -0.1 }.Select(k => SharpnessExperiment.Slope(classes.Select(c => ((double)c, 3 + k * c)).ToList()));
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.OutliersGrowWithClasses.Decide("s", Estimate.Mean(flat)).Verdict);
        var growing = new[] { 0.95, 1.0, 1.05 }.Select(k => SharpnessExperiment.Slope(classes.Select(c => ((double)c, k * c - 1)).ToList()));
        Assert.Equal(Verdict.Holds, SharpnessExperiment.OutliersGrowWithClasses.Decide("s", Estimate.Mean(growing)).Verdict);
        // First-order methods 10x cheaper than the second-order one (GD, Adam, method costs), or the method short of the target.
        var slower = new[] { SharpnessExperiment.CostRatio(100, 120, 1000, true), SharpnessExperiment.CostRatio(90, 80, 700, true), SharpnessExperiment.CostRatio(100, 100, 1, false) };
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.SecondOrderFewerIterations.Decide("s", Estimate.Mean(slower)).Verdict);
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.SecondOrderLessTime.Decide("s", Estimate.Mean(slower)).Verdict);
        var faster = new[] { SharpnessExperiment.CostRatio(1000, 1200, 100, true), SharpnessExperiment.CostRatio(900, 800, 90, true), SharpnessExperiment.CostRatio(1100, 1000, 95, true) };
        Assert.Equal(Verdict.Holds, SharpnessExperiment.SecondOrderFewerIterations.Decide("s", Estimate.Mean(faster)).Verdict);
        // Adam's second moment less aligned with diag G than a constant at every checkpoint does not hold; more aligned holds.
        double[] uniform = [0.5, 0.55, 0.6];
        var less = new[] { 0.2, 0.25, 0.15 }.Select(d => SharpnessExperiment.AlignmentMargin(uniform.Select(u => u - d), uniform));
        Assert.Equal(Verdict.DoesNotHold, SharpnessExperiment.AdamAlignsWithGaussNewton.Decide("s", Estimate.Mean(less)).Verdict);
        var more = new[] { 0.2, 0.25, 0.15 }.Select(d => SharpnessExperiment.AlignmentMargin(uniform.Select(u => u + d), uniform));
        Assert.Equal(Verdict.Holds, SharpnessExperiment.AdamAlignsWithGaussNewton.Decide("s", Estimate.Mean(more)).Verdict);
    }
}

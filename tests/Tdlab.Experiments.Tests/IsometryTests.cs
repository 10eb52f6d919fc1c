using System.Xml.Linq;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

public class IsometryTests
{
    private static readonly string[] Tiny =
    [
        "depths=2,4", "width=8", "train-depth=4", "steps=6", "batch-size=16", "train-size=64", "test-size=16", "classes=3",
        "eval-every=3", "gradient-steps=2", "spectrum-inputs=2",
    ];

    [Fact]
    public void GridCoversEveryNetAndTrainsOnlyAtTheTrainingDepth()
    {
        var plan = new IsometryExperiment().Plan("quick", [], seeds: 2);
        var runs = plan.Runs.Select(r => (IsometryRun)r.Config).ToList();
        Assert.Equal(3 * 2 * 3 * 2, runs.Count);
        Assert.Equal([10, 50, 100], runs.Select(r => r.Depth).Distinct().Order());
        var trained = runs.Where(r => r.Trains).ToList();
        Assert.Equal(2 * 2 * 2, trained.Count);
        Assert.All(trained, r => Assert.Equal(100, r.Depth));
        Assert.Equal(["relu", "tanh"], trained.Select(r => r.Activation).Distinct().Order());
        Assert.All(runs, r => Assert.Equal(r.Activation == "tanh" ? 1.0 / 64 : 0, r.QStar));
        Assert.Equal([10, 50, 100, 200], new IsometryExperiment().Plan("full", [], 1).Runs.Select(r => ((IsometryRun)r.Config).Depth).Distinct().Order());
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

        var claims = run.Analysis.Claims;
        Assert.Equal(6, claims.Count);
        Assert.DoesNotContain(claims, c => c.Id == "claims-error");
        Assert.All(claims, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        // A product of orthogonal matrices is an isometry at any size.
        Assert.True(claims.Single(c => c.Id == "linear-orthogonal-isometry").Holds);
        Assert.Equal(4, run.Analysis.Figures.Count);
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

    [Fact]
    public void BadSettingsAreRejectedBeforeAnythingRuns()
    {
        var e = new IsometryExperiment();
        Assert.Contains("activation", Assert.Throws<BadInputException>(() => e.Plan("quick", ["activations=sigmoid"])).Message);
        Assert.Contains("init", Assert.Throws<BadInputException>(() => e.Plan("quick", ["inits=xavier"])).Message);
        Assert.Contains("train-depth", Assert.Throws<BadInputException>(() => e.Plan("quick", ["train-depth=7"])).Message);
        Assert.Contains("q-star", Assert.Throws<BadInputException>(() => e.Plan("quick", ["q-star=0"])).Message);
        Assert.Contains("precision", Assert.Throws<BadInputException>(() => e.Plan("quick", ["precision=half"])).Message);
    }
}

using Tdlab.Experiments.Isometry;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using Tdlab.Tensors.Io;
using static Tdlab.Experiments.CriticalManifolds.CriticalManifoldsMetrics;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>The family's figures after seed 004's Figures 1-4, drawn from the stored metrics.</summary>
public sealed partial class CriticalManifoldsExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<CriticalManifoldsRun> results)
    {
        var done = results.Done.ToList();
        if (done.Any(r => r.Config.Stage == Stage.AtInit)) yield return FisherVsJacobian(results);
        if (NonGaussianProjections(results) is { } projections) yield return projections;
        var trained = done.Where(r => r.Config.Trains && !r.Diverged).ToList();
        if (trained.Count == 0) yield break;
        yield return LossCurves(trained);
        yield return ProbesOverTraining(trained);
        yield return SmoothnessVsLoss(trained);
    }

    private static Color GeometryColor(WeightGeometry g) => Palette.Series((int)g * 2);

    private static LineStyle QStarStyle(double q, double largest) => q == largest ? LineStyle.Solid : LineStyle.Dashed;

    private static string Kind(CriticalManifoldsRun c) => $"{EnumNames.Of(c.Geometry)}, q* = {Claim.Format(c.QStar)}";

    /// <summary>Figure 1: lambda_max(G) against s_max at initialisation, one marker per net, coloured by q* (viridis on ln q*).</summary>
    private static ReportFigure FisherVsJacobian(Results<CriticalManifoldsRun> results)
    {
        var nets = results.Done.Where(r => r.Config.Stage == Stage.AtInit).ToList();
        double lo = Math.Log(nets.Min(r => r.Config.QStar)), hi = Math.Log(nets.Max(r => r.Config.QStar));
        var fig = new Figure("λ_{max}(G) against s_{max}(J) at initialisation, coloured by q* (dark: small q*, yellow: large)", 760, 480);
        var ax = fig.AddPanel("s_{max} of J = ∂x_L/∂x_0", "λ_{max}(G) (Fisher, nats)", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var g in nets.GroupBy(r => (r.Config.Activation, r.Config.Init, r.Config.QStar)).OrderBy(g => g.Key))
        {
            var (act, init, q) = g.Key;
            var marker = act == Nonlinearity.Linear ? Marker.Diamond : init == WeightInit.Orthogonal ? Marker.Circle : Marker.Triangle;
            var color = act == Nonlinearity.Linear ? Palette.Series(5) : Colormap.Viridis(hi > lo ? (Math.Log(q) - lo) / (hi - lo) : 0.5);
            string label = act == Nonlinearity.Linear ? $"linear orthogonal (input as q* = {Claim.Format(q)})" : $"tanh {EnumNames.Of(init)}, q* = {Claim.Format(q)}";
            ax.Scatter(g.Select(r => r.At(SMax, 0)), g.Select(r => r.At(FisherMax, 0)), label, color, marker, size: 4);
        }

        return new ReportFigure("fisher-vs-jacobian.svg",
            "Seed 004 Figure 1: the largest eigenvalue of the Fisher (softmax cross-entropy, hidden weights and biases, Lanczos on the probe batch) against the " +
            "largest singular value of the hidden-layer Jacobian, every net at initialisation; circles orthogonal, triangles Gaussian critical tanh, diamonds deep linear orthogonal nets.",
            fig.ToSvg());
    }

    /// <summary>Figure 2: training loss and test accuracy per geometry and q*, mean ± std over seeds, against epochs.</summary>
    private static ReportFigure LossCurves(List<RunView<CriticalManifoldsRun>> trained)
    {
        var fig = Figure.Grid(1, 2, "Training loss and test accuracy: Euclidean, Stiefel and Oblique Adam at two q* (mean ± std over seeds)", 1240, 440);
        var loss = fig.AddPanel("epoch", "training loss (nats)", yLog: true);
        var acc = fig.AddPanel("epoch", "test accuracy");
        acc.LegendPosition = LegendPosition.OutsideRight;
        DrawByKind(loss, trained, CriticalManifoldsMetrics.Loss, withLabel: false);
        DrawByKind(acc, trained, TestAccuracy, withLabel: true);
        return new ReportFigure("training.svg",
            "Seed 004 Figure 2: mean cross-entropy over the training set and accuracy over the test set after every epoch; solid the large q* (1/64), dashed the small q* (about 9e-4).",
            fig.ToSvg());
    }

    /// <summary>Figure 3: s_max and lambda_max(G) over training per kind (mean over seeds).</summary>
    private static ReportFigure ProbesOverTraining(List<RunView<CriticalManifoldsRun>> trained)
    {
        var fig = Figure.Grid(1, 2, "s_{max}(J) and λ_{max}(G) during training (mean ± std over seeds)", 1240, 440);
        var s = fig.AddPanel("epoch", "s_{max}", yLog: true);
        var l = fig.AddPanel("epoch", "λ_{max}(G)", yLog: true);
        l.LegendPosition = LegendPosition.OutsideRight;
        DrawByKind(s, trained, SMax, withLabel: false);
        DrawByKind(l, trained, FisherMax, withLabel: true);
        return new ReportFigure("probes.svg",
            "Seed 004 Figure 3: the largest singular value of the hidden-layer Jacobian and the largest Fisher eigenvalue on the probe schedule.", fig.ToSvg());
    }

    /// <summary>Figure 4: training loss against lambda_max(G) along training, one line per net.</summary>
    private static ReportFigure SmoothnessVsLoss(List<RunView<CriticalManifoldsRun>> trained)
    {
        double largest = trained.Max(r => r.Config.QStar);
        var fig = new Figure("Gradient smoothness λ_{max}(G) against training loss along training (one line per net)", 760, 480);
        var ax = fig.AddPanel("λ_{max}(G)", "training loss (nats)", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var kind in trained.GroupBy(r => (r.Config.Geometry, r.Config.QStar)).OrderBy(g => g.Key))
        {
            bool first = true;
            foreach (var r in kind)
            {
                var loss = r.Series(CriticalManifoldsMetrics.Loss).ToDictionary(p => p.Step, p => p.Value);
                var points = r.Series(FisherMax).Where(p => loss.ContainsKey(p.Step)).ToList();
                ax.Line(points.Select(p => p.Value), points.Select(p => loss[p.Step]), first ? Kind(r.Config) : null,
                    GeometryColor(kind.Key.Geometry), QStarStyle(kind.Key.QStar, largest), Marker.Circle, 1.2);
                first = false;
            }
        }

        return new ReportFigure("smoothness.svg",
            "Seed 004 Figure 4: each net's training loss against its Fisher λ_{max} at the probes (time runs from the top: the loss falls).", fig.ToSvg());
    }

    /// <summary>
    /// Figure 5 (section 3.4.1): density of the most non-Gaussian projection of replicate 0's pre-activations, per init,
    /// against that of Gaussian draws of the same size and the N(0, 1) density; null without projection runs or arrays.
    /// </summary>
    private static ReportFigure? NonGaussianProjections(Results<CriticalManifoldsRun> results)
    {
        var runs = results.Done.Where(r => r.Config.Stage == Stage.Projection).OrderBy(r => r.Replicate).ThenBy(r => r.Config.Init).ToList();
        var first = runs.GroupBy(r => r.Config.Init).Select(g => g.First()).ToList();
        double[]? Read(RunView<CriticalManifoldsRun> r, string name) =>
            results.ArrayPath(r, name, 0) is { } path && File.Exists(path) ? Npy.Read(path).AsDouble() : null;
        var panels = first.Select(r => (Run: r, Net: Read(r, PreactivationProjectionArray), Gauss: Read(r, GaussianProjectionArray)))
            .Where(p => p.Net is not null && p.Gauss is not null).ToList();
        if (panels.Count == 0) return null;
        var shown = panels[0].Run;
        var fig = Figure.Grid(1, panels.Count, "The most non-Gaussian projection of the last hidden layer's pre-activations at initialisation", 560 * panels.Count, 420);
        foreach (var (run, net, gauss) in panels)
        {
            var ax = fig.AddPanel("held-out projection (standardised)", "density", yLog: true);
            ax.Histogram(net!, 60, $"{EnumNames.Of(run.Config.Init)} net, |κ| = {Claim.Format(run.At(PreactivationKurtosis, 0))}", density: true, color: Palette.Series(0));
            ax.Histogram(gauss!, 60, $"Gaussian draws, |κ| = {Claim.Format(run.At(GaussianKurtosis, 0))}", density: true, color: Palette.Series(1));
            var grid = Enumerable.Range(0, 81).Select(i => -4 + 0.1 * i).ToList();            // the density stays above 1e-4
            ax.Line(grid, grid.Select(v => Math.Exp(-v * v / 2) / Math.Sqrt(2 * Math.PI)), "N(0, 1)", Palette.Series(3), LineStyle.Dashed);
        }

        return new ReportFigure("non-gaussian.svg",
            $"Seed 004 Figure 5 (section 3.4.1): replicate {shown.Replicate}'s critical tanh nets at q* = {Claim.Format(shown.Config.QStar)}; the most non-Gaussian projection " +
            $"(projection pursuit on the excess kurtosis κ after whitening, fitted on a random half of {shown.Config.TrainSize} training images) of the last hidden layer's pre-activations, " +
            "drawn on the held-out half (standardised), against the same held-out pursuit on standard normal draws of the same size (its |κ| is the finite-sample reference) and the N(0, 1) density.", fig.ToSvg());
    }

    /// <summary>Mean ± std over seeds of a metric against epochs, one band per (geometry, q*).</summary>
    private static void DrawByKind(Axes ax, List<RunView<CriticalManifoldsRun>> trained, Metric metric, bool withLabel)
    {
        double largest = trained.Max(r => r.Config.QStar);
        foreach (var kind in trained.GroupBy(r => (r.Config.Geometry, r.Config.QStar)).OrderBy(g => g.Key))
        {
            int perEpoch = kind.First().Config.TrainSize / kind.First().Config.BatchSize;
            var steps = kind.SelectMany(r => r.Series(metric).Select(p => p.Step)).Distinct().Order().ToList();
            var stats = steps.Select(s => MeanStd.Of(kind.Select(r => r.At(metric, s)))).ToList();
            var band = ax.BandStd(steps.Select(s => (double)s / perEpoch), stats.Select(m => m.Mean), stats.Select(m => m.Std),
                withLabel ? Kind(kind.First().Config) : null, GeometryColor(kind.Key.Geometry));
            band.Style = QStarStyle(kind.Key.QStar, largest);
        }
    }
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Metrics;
using Tdlab.Probes;
using Tdlab.Tensors.Io;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.Isometry.IsometryMetrics;

namespace Tdlab.Experiments.Isometry;

/// <summary>The family's figures, drawn from the stored metrics and the logged spectra.</summary>
public sealed partial class IsometryExperiment
{
    private static readonly Nonlinearity[] Order = [Nonlinearity.Linear, Nonlinearity.Tanh, Nonlinearity.Relu];

    private static readonly WeightInit[] BothInits = [WeightInit.Gaussian, WeightInit.Orthogonal];

    public override IEnumerable<ReportFigure> Figures(Results<IsometryRun> results)
    {
        var done = results.Done.ToList();
        if (done.Count == 0) yield break;
        var activations = Order.Where(a => done.Any(r => r.Config.Activation == a)).ToList();
        int deepest = done.Max(r => r.Config.Depth);

        yield return Histograms(results, activations, deepest);
        yield return DepthCurves(results, activations);
        if (done.Any(r => r.Config.Depth == deepest && r.Has(WeightGradientNorm.At(1))))
            yield return GradientProfiles(results, activations, done.Where(r => r.Config.Trains).Select(r => r.Config.Depth).DefaultIfEmpty(deepest).Max());
        if (done.Any(r => r.Config.Trains))
            yield return LossCurves(results);
    }

    private const int HistogramBins = 50;

    private static Color InitColor(WeightInit init) => init == WeightInit.Orthogonal ? Palette.Series(2) : Palette.Series(0);

    private static string InitLabel(IsometryRun c) => c.Init == WeightInit.Orthogonal
        ? "orthogonal"
        : c.Activation switch { Nonlinearity.Relu => "Gaussian (Kaiming)", Nonlinearity.Tanh => "Gaussian (critical)", _ => "Gaussian σ_{w} = 1" };

    /// <summary>Histograms of all singular values at initialisation at one depth, per activation, both inits (log x).</summary>
    private static ReportFigure Histograms(Results<IsometryRun> results, List<Nonlinearity> activations, int depth)
    {
        var fig = Figure.Grid(1, activations.Count, $"Singular values of the input-output Jacobian at initialisation, depth L = {depth} (all seeds and inputs pooled)",
            380 * activations.Count, 400);
        foreach (var act in activations)
        {
            var ax = fig.AddPanel("singular value s", "density (per decade)", xLog: true, yLog: true, title: EnumNames.Of(act));
            var pooled = new List<(IsometryRun Config, JacobianSpectrum Spectrum)>();
            foreach (var init in BothInits)
            {
                var runs = results.Done.Where(r => r.Config.Activation == act && r.Config.Init == init && r.Config.Depth == depth).ToList();
                var spectra = runs.Select(r => ReadSpectrum(results, r)).OfType<JacobianSpectrum>().ToList();
                if (spectra.Count > 0) pooled.Add((runs[0].Config, JacobianSpectrum.Pool(spectra)));
            }

            // One set of log-spaced bins per panel, spanning both inits and at least [0.5, 2].
            var shown = pooled.SelectMany(p => p.Spectrum.NonZero).ToList();
            if (shown.Count == 0) continue;
            double lo = Math.Log10(Math.Min(shown.Min(), 0.5)), hi = Math.Log10(Math.Max(shown.Max(), 2));
            var edges = Enumerable.Range(0, HistogramBins + 1).Select(i => Math.Pow(10, lo + (hi - lo) * i / HistogramBins)).ToArray();
            foreach (var (config, spectrum) in pooled)
            {
                var counts = new double[HistogramBins];
                foreach (double v in spectrum.NonZero)
                    counts[Math.Clamp((int)((Math.Log10(v) - lo) / (hi - lo) * HistogramBins), 0, HistogramBins - 1)]++;
                double perDecade = spectrum.Count * (hi - lo) / HistogramBins;
                string below = spectrum.ZeroFraction > 0 ? $", {Claim.Format(100 * spectrum.ZeroFraction)}% below 10^{{-10}} s_{{max}} (not shown)" : "";
                ax.Histogram(edges, counts.Select(c => c / perDecade), InitLabel(config) + below, InitColor(config.Init));
            }

            ax.VLine(1, "s = 1");
        }

        return new ReportFigure("spectra.svg",
            "Histograms of every singular value of J = ∂x^L/∂x^0 (the hidden stack, read-out excluded) at initialisation, log-spaced bins, " +
            "pooled over seeds and inputs. An isometry is a spike at s = 1. Singular values below 10^-10 s_max (rank deficiency of ReLU Jacobians, and the extreme spread of Gaussian products) are left out and counted in the legend.", fig.ToSvg());
    }

    /// <summary>s_max, the 5-95% spread and the mean squared singular value against depth.</summary>
    private static ReportFigure DepthCurves(Results<IsometryRun> results, List<Nonlinearity> activations)
    {
        var fig = Figure.Grid(1, 3, "Jacobian spectrum at initialisation vs depth (mean ± std over seeds)", 1250, 430);
        var panels = new (Metric Metric, string Label, bool Log)[]
        {
            (Max, "s_{max}", true),
            (Spread, "spread s_{q95} / s_{q05} (non-zero s)", true),
            (MeanSquared, "mean s^{2} = tr(J^{T}J) / n", true),
        };
        foreach (var (metric, label, log) in panels)
        {
            var ax = fig.AddPanel("depth L", label, xLog: true, yLog: log);
            for (int a = 0; a < activations.Count; a++)
            {
                foreach (var init in BothInits)
                {
                    var curve = Curve(results, activations[a], init, metric);
                    if (curve.Count == 0) continue;
                    ax.Line(curve.Select(p => (double)p.Depth), curve.Select(p => p.Value.Mean), $"{EnumNames.Of(activations[a])}, {EnumNames.Of(init)}",
                        Palette.Series(a + 3), init == WeightInit.Orthogonal ? LineStyle.Solid : LineStyle.Dashed,
                        init == WeightInit.Orthogonal ? Marker.Circle : Marker.Square);
                }
            }

            ax.HLine(1, "1");
        }

        return new ReportFigure("depth.svg",
            "Left: largest singular value; middle: ratio of the 95% to the 5% quantile of the non-zero singular values (1 for an isometry); " +
            "right: mean squared singular value, which the critical scales keep at χ^L = 1. Solid: orthogonal; dashed: Gaussian.", fig.ToSvg());
    }

    /// <summary>Weight-gradient norm per layer at the training depth, at step 0 and at the last logged early step.</summary>
    private static ReportFigure GradientProfiles(Results<IsometryRun> results, List<Nonlinearity> activations, int depth)
    {
        var fig = Figure.Grid(1, activations.Count, $"Weight-gradient norm ‖∂L/∂W_{{l}}‖ by layer at depth L = {depth} (mean over seeds)",
            380 * activations.Count, 400);
        foreach (var act in activations)
        {
            var ax = fig.AddPanel("layer l", "‖∂L/∂W_{l}‖", yLog: true, title: EnumNames.Of(act));
            foreach (var init in BothInits)
            {
                var runs = results.Done.Where(r => r.Config.Activation == act && r.Config.Init == init && r.Config.Depth == depth).ToList();
                if (runs.Count == 0) continue;
                var layers = Enumerable.Range(1, depth + 1).ToArray();
                int last = runs[0].Config.GradientSteps;
                foreach (int step in last > 0 ? new[] { 0, last } : [0])
                {
                    var ys = layers.Select(l => MeanStd.Of(runs.Select(r => r.At(WeightGradientNorm.At(l), step))).Mean);
                    ax.Line(layers.Select(l => (double)l), ys, $"{InitLabel(runs[0].Config)}, step {step}", InitColor(init),
                        step == 0 ? LineStyle.Solid : LineStyle.Dotted);
                }
            }
        }

        return new ReportFigure("gradient_norms.svg",
            "Frobenius norm of each layer's weight gradient on a fixed batch of 128 training examples (layer L + 1 is the read-out), " +
            "at initialisation (solid) and, for the trained nets, after the first training steps (dotted). Flat profiles mean gradients neither vanish nor explode through depth.", fig.ToSvg());
    }

    /// <summary>Training loss curves of the depth-L comparison, mean ± std over seeds.</summary>
    private static ReportFigure LossCurves(Results<IsometryRun> results)
    {
        var trained = results.Done.Where(r => r.Config.Trains).ToList();
        var acts = Order.Where(a => trained.Any(r => r.Config.Activation == a)).ToList();
        var fig = Figure.Grid(1, acts.Count, $"Training loss at depth L = {trained[0].Config.Depth}, same data, minibatches and steps (mean ± std over seeds)",
            520 * acts.Count, 420);
        foreach (var act in acts)
        {
            var ax = fig.AddPanel("step", "training loss", yLog: true, title: EnumNames.Of(act));
            foreach (var init in BothInits)
            {
                var runs = trained.Where(r => r.Config.Activation == act && r.Config.Init == init).ToList();
                if (runs.Count == 0) continue;
                var steps = runs.SelectMany(r => r.Series(Loss).Select(p => p.Step)).Distinct().Order().ToArray();
                var stats = steps.Select(s => MeanStd.Of(runs.Select(r => r.At(Loss, s)))).ToArray();
                string diverged = runs.Any(r => r.Diverged) ? $" ({runs.Count(r => r.Diverged)} diverged)" : "";
                ax.BandStd(steps.Select(s => (double)s), stats.Select(m => m.Mean), stats.Select(m => m.Std), InitLabel(runs[0].Config) + diverged, InitColor(init));
            }
        }

        return new ReportFigure("loss_curves.svg",
            "Training cross-entropy over the whole training set, logged every eval-every steps of SGD with momentum; both inits see the same data and minibatch order. " +
            "A diverged run's curve stops where it diverged.", fig.ToSvg());
    }

    /// <summary>The logged singular values of a run at initialisation, or null when the array is missing.</summary>
    private static JacobianSpectrum? ReadSpectrum(Results<IsometryRun> results, RunView<IsometryRun> run)
    {
        string? path = results.ArrayPath(run, SpectrumArray, 0);
        return path is not null && File.Exists(path) ? new JacobianSpectrum(Npy.Read(path).AsDouble().OrderDescending().ToArray()) : null;
    }
}

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
        if (done.Any(r => r.Config.Activation == Nonlinearity.Tanh))
            yield return SpectraByDepth(results);
        yield return DepthCurves(results, activations);
        if (done.Any(r => r.Config.Depth == deepest && r.Has(WeightGradientNorm.At(1))))
            yield return GradientProfiles(results, activations, done.Where(r => r.Config.Trains).Select(r => r.Config.Depth).DefaultIfEmpty(deepest).Max());
        if (done.Any(r => r.Config.Trains))
            yield return LossCurves(results);
        if (done.Any(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh }))
        {
            yield return LearningRateSweep(results);
            yield return TrainedSpectra(results);
        }
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
            560 * activations.Count, 400);
        foreach (var act in activations)
        {
            var ax = fig.AddPanel("singular value s", "density (per decade)", xLog: true, yLog: true, title: EnumNames.Of(act));
            ax.LegendPosition = LegendPosition.OutsideRight;
            var pooled = PooledAtInit(results, act, depth);

            // One set of log-spaced bins per panel, spanning both inits and at least [0.5, 2].
            var shown = pooled.SelectMany(p => p.Spectrum.NonZero).ToList();
            if (shown.Count == 0) continue;
            double lo = Math.Log10(Math.Min(shown.Min(), 0.5)), hi = Math.Log10(Math.Max(shown.Max(), 2));
            var edges = Enumerable.Range(0, HistogramBins + 1).Select(i => Math.Pow(10, lo + (hi - lo) * i / HistogramBins)).ToArray();
            foreach (var (config, spectrum) in pooled)
                DrawDensity(ax, edges, lo, hi, spectrum, InitLabel(config), InitColor(config.Init));

            ax.VLine(1, "s = 1");
        }

        return new ReportFigure("spectra.svg",
            "Histograms of every singular value of J = ∂x^L/∂x^0 (the hidden stack, read-out excluded) at initialisation, log-spaced bins, " +
            "pooled over seeds and inputs. An isometry is a spike at s = 1. Singular values below 10^-10 s_max (rank deficiency of ReLU Jacobians, and the extreme spread of Gaussian products) are left out and counted in the legend.", fig.ToSvg());
    }

    /// <summary>One init's pooled spectrum (at initialisation) per init, one run per replicate, at one depth.</summary>
    private static List<(IsometryRun Config, JacobianSpectrum Spectrum)> PooledAtInit(Results<IsometryRun> results, Nonlinearity act, int depth)
    {
        var pooled = new List<(IsometryRun Config, JacobianSpectrum Spectrum)>();
        foreach (var init in BothInits)
        {
            var runs = results.Done.Where(r => r.Config.Activation == act && r.Config.Init == init && r.Config.Depth == depth)
                .GroupBy(r => r.Replicate).Select(g => g.OrderBy(r => r.Config.LearningRate).First()).ToList();
            var spectra = runs.Select(r => ReadSpectrum(results, r, 0)).OfType<JacobianSpectrum>().ToList();
            if (spectra.Count > 0) pooled.Add((runs[0].Config, JacobianSpectrum.Pool(spectra)));
        }

        return pooled;
    }

    /// <summary>A density-per-decade histogram of the non-zero singular values on log-spaced bins; the label gives the share below 1e-10 s_max.</summary>
    private static void DrawDensity(Axes ax, double[] edges, double lo, double hi, JacobianSpectrum spectrum, string label, Color color, LineStyle? style = null)
    {
        var counts = new double[HistogramBins];
        foreach (double v in spectrum.NonZero)
            counts[Math.Clamp((int)((Math.Log10(v) - lo) / (hi - lo) * HistogramBins), 0, HistogramBins - 1)]++;
        double perDecade = spectrum.Count * (hi - lo) / HistogramBins;
        string below = $", {Claim.Format(100 * spectrum.ZeroFraction)}% below 10^{{-10}} s_{{max}}";
        if (style is null) ax.Histogram(edges, counts.Select(c => c / perDecade), label + below, color);
        else ax.Line(edges.Zip(edges.Skip(1)).Select(p => Math.Sqrt(p.First * p.Second)), counts.Select(c => c / perDecade), label + below, color, style.Value);
    }

    private static (double[] Edges, double Lo, double Hi) LogBins(IEnumerable<double> values)
    {
        var v = values.ToList();
        double lo = Math.Log10(Math.Min(v.DefaultIfEmpty(0.5).Min(), 0.5)), hi = Math.Log10(Math.Max(v.DefaultIfEmpty(2).Max(), 2));
        return (Enumerable.Range(0, HistogramBins + 1).Select(i => Math.Pow(10, lo + (hi - lo) * i / HistogramBins)).ToArray(), lo, hi);
    }

    /// <summary>Pennington et al.'s figure: the density of singular values of critical tanh at each depth, Gaussian vs orthogonal.</summary>
    private static ReportFigure SpectraByDepth(Results<IsometryRun> results)
    {
        var depths = DepthsOf(results, Nonlinearity.Tanh);
        var fig = Figure.Grid(1, depths.Count, "Critical tanh (χ = 1): singular values of J at initialisation by depth (all seeds and inputs pooled)", 520 * depths.Count, 420);
        foreach (int d in depths)
        {
            var ax = fig.AddPanel("singular value s", "density (per decade)", xLog: true, yLog: true, title: $"L = {d}");
            ax.LegendPosition = LegendPosition.OutsideRight;
            var pooled = PooledAtInit(results, Nonlinearity.Tanh, d);
            var (edges, lo, hi) = LogBins(pooled.SelectMany(p => p.Spectrum.NonZero));
            foreach (var (config, spectrum) in pooled)
                DrawDensity(ax, edges, lo, hi, spectrum, EnumNames.Of(config.Init), InitColor(config.Init));
            ax.VLine(1, "s = 1");
            ax.VLine(ConcentratedMax, $"s = {ConcentratedMax} (bound)", Palette.Series(3), LineStyle.Dotted);
        }

        return new ReportFigure("spectra_by_depth.svg",
            "Density per decade of the singular values of the critical tanh net's Jacobian at each depth (Pennington et al. 2017, Fig. 1): " +
            "the Gaussian spectrum spreads over many decades as L grows while the orthogonal one stays near 1. The share below 10^-10 s_max (not drawn) is in the legend. " +
            $"Dotted: the bound s_max < {ConcentratedMax} of tanh-orthogonal-bounded.", fig.ToSvg());
    }

    /// <summary>Spectra of the trained tanh nets (each init at its best learning rate) before and after training.</summary>
    private static ReportFigure TrainedSpectra(Results<IsometryRun> results)
    {
        var trained = results.Done.Where(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh } && !r.Diverged).ToList();
        var fig = Figure.Grid(1, 2, $"Critical tanh at depth L = {trained.Select(r => r.Config.Depth).DefaultIfEmpty(0).First()}: singular values before and after training (best learning rate per init, seeds pooled)", 1100, 420);
        foreach (var init in BothInits)
        {
            var ax = fig.AddPanel("singular value s", "density (per decade)", xLog: true, yLog: true, title: EnumNames.Of(init));
            ax.LegendPosition = LegendPosition.OutsideRight;
            double? best = BestLearningRate(results.Done.Where(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh }), init);
            var runs = trained.Where(r => r.Config.Init == init && r.Config.LearningRate == best).ToList();
            if (runs.Count == 0) continue;
            int steps = runs[0].Config.Steps;
            var before = runs.Select(r => ReadSpectrum(results, r, 0)).OfType<JacobianSpectrum>().ToList();
            var after = runs.Select(r => ReadSpectrum(results, r, steps)).OfType<JacobianSpectrum>().ToList();
            if (before.Count == 0 || after.Count == 0) continue;
            var (pb, pa) = (JacobianSpectrum.Pool(before), JacobianSpectrum.Pool(after));
            var (edges, lo, hi) = LogBins(pb.NonZero.Concat(pa.NonZero));
            DrawDensity(ax, edges, lo, hi, pb, "initialisation", InitColor(init));
            DrawDensity(ax, edges, lo, hi, pa, $"after {steps} steps (lr {Claim.Format(best!.Value)})", Palette.Series(1), LineStyle.Solid);
            ax.VLine(1, "s = 1");
        }

        return new ReportFigure("spectra_trained.svg",
            "Singular values of the hidden stack's Jacobian of the trained critical tanh nets at initialisation (bars) and after the last step (line), " +
            "each init at its best learning rate; training moves the spectrum away from its initial shape, most for the Gaussian nets.", fig.ToSvg());
    }

    /// <summary>s_max, the 5-95% spread and the mean squared singular value against depth.</summary>
    private static ReportFigure DepthCurves(Results<IsometryRun> results, List<Nonlinearity> activations)
    {
        var fig = Figure.Grid(1, 3, "Jacobian spectrum at initialisation vs depth (mean over seeds)", 1450, 430);
        var panels = new (Metric Metric, string Label, bool Square)[]
        {
            (Max, "s_{max}^{2}", true),
            (Spread, "spread s_{q95} / s_{q05} (non-zero s)", false),
            (MeanSquared, "mean s^{2} = tr(J^{T}J) / n", false),
        };
        for (int k = 0; k < panels.Length; k++)
        {
            var (metric, label, square) = panels[k];
            var ax = fig.AddPanel("depth L", label, xLog: true, yLog: true);
            ax.LegendPosition = k == panels.Length - 1 ? LegendPosition.OutsideRight : LegendPosition.Hidden;
            for (int a = 0; a < activations.Count; a++)
            {
                foreach (var init in BothInits)
                {
                    var curve = Curve(results, activations[a], init, metric);
                    if (curve.Count == 0) continue;
                    ax.Line(curve.Select(p => (double)p.Depth), curve.Select(p => square ? Square(p.Value.Mean) : p.Value.Mean), $"{EnumNames.Of(activations[a])}, {EnumNames.Of(init)}",
                        Palette.Series(a + 3), init == WeightInit.Orthogonal ? LineStyle.Solid : LineStyle.Dashed,
                        init == WeightInit.Orthogonal ? Marker.Circle : Marker.Square);
                }
            }

            if (square)
            {
                ax.HLine(ConcentratedMax * ConcentratedMax, $"bound s_max = {ConcentratedMax}", Palette.Series(1), LineStyle.Dotted);
                var gauss = Curve(results, Nonlinearity.Tanh, WeightInit.Gaussian, Max);
                if (gauss.Count >= 2)
                {
                    // The growth law's reference: s_max^2 ∝ L through the deepest point (exponent 1), and exponents 0.5 and 1.5 (the claim's band).
                    var (d0, s0) = (gauss[^1].Depth, Square(gauss[^1].Value.Mean));
                    double[] xs = [gauss[0].Depth, d0];
                    foreach (double p in new[] { LinearExponentLow, 1.0, LinearExponentHigh })
                        ax.Line(xs, xs.Select(x => s0 * Math.Pow(x / d0, p)), $"∝ L^{{{Claim.Format(p)}}}", Palette.Series(7), LineStyle.Dotted);
                }
            }
            else
            {
                ax.HLine(1, "1");
            }

            if (metric == MeanSquared)
            {
                // tanh-chi-one's claimed band (for the tanh mean over the two inits at the deepest depth), labelled in the legend, not over the data
                double[] span = [results.Done.Min(r => r.Config.Depth), results.Done.Max(r => r.Config.Depth)];
                ax.Line(span, [TanhChiOne.Rule.High, TanhChiOne.Rule.High], $"tanh-chi-one band [{Claim.Format(TanhChiOne.Rule.Low)}, {Claim.Format(TanhChiOne.Rule.High)}]",
                    Palette.Series(1), LineStyle.Dotted);
                ax.Line(span, [TanhChiOne.Rule.Low, TanhChiOne.Rule.Low], null, Palette.Series(1), LineStyle.Dotted);
            }
        }

        return new ReportFigure("depth.svg",
            "Left: squared largest singular value, with the bound s_max = 2 of tanh-orthogonal-bounded (dotted horizontal) and reference lines s_max^2 ∝ L^p for p = 0.5, 1, 1.5 " +
            "through the deepest Gaussian tanh point (the band of tanh-gaussian-smax2-linear); middle: ratio of the 95% to the 5% quantile of the non-zero singular values (1 for an isometry); " +
            $"right: mean squared singular value, which the critical scales keep at χ^L = 1, with the band [{Claim.Format(TanhChiOne.Rule.Low)}, {Claim.Format(TanhChiOne.Rule.High)}] of tanh-chi-one (dotted; " +
            "the claim's statistic is the tanh mean over the two inits at the deepest depth). Solid: orthogonal; dashed: Gaussian.", fig.ToSvg());
    }

    /// <summary>Weight-gradient norm per layer at the training depth, at step 0 and at the last logged early step.</summary>
    private static ReportFigure GradientProfiles(Results<IsometryRun> results, List<Nonlinearity> activations, int depth)
    {
        var fig = Figure.Grid(1, activations.Count, $"Weight-gradient norm ‖∂L/∂W_{{l}}‖ by layer at depth L = {depth} (mean over seeds)",
            560 * activations.Count, 400);
        foreach (var act in activations)
        {
            var ax = fig.AddPanel("layer l", "‖∂L/∂W_{l}‖", yLog: true, title: EnumNames.Of(act));
            ax.LegendPosition = LegendPosition.OutsideRight;
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

    /// <summary>Training loss curves of the depth-L comparison, each init at its best learning rate, mean ± std over seeds.</summary>
    private static ReportFigure LossCurves(Results<IsometryRun> results)
    {
        var trained = results.Done.Where(r => r.Config.Trains).ToList();
        var acts = Order.Where(a => trained.Any(r => r.Config.Activation == a)).ToList();
        var fig = Figure.Grid(1, acts.Count, $"Training loss at depth L = {trained[0].Config.Depth}, each init at its best learning rate, same data, minibatches and steps (mean ± std over seeds)",
            640 * acts.Count, 420);
        foreach (var act in acts)
        {
            var ax = fig.AddPanel("step", "training loss", yLog: true, title: EnumNames.Of(act));
            ax.LegendPosition = LegendPosition.OutsideRight;
            foreach (var init in BothInits)
            {
                double? best = BestLearningRate(trained.Where(r => r.Config.Activation == act), init);
                var runs = trained.Where(r => r.Config.Activation == act && r.Config.Init == init && r.Config.LearningRate == best).ToList();
                if (runs.Count == 0) continue;
                var steps = runs.SelectMany(r => r.Series(Loss).Select(p => p.Step)).Distinct().Order().ToArray();
                var stats = steps.Select(s => MeanStd.Of(runs.Select(r => r.At(Loss, s)))).ToArray();
                string diverged = runs.Any(r => r.Diverged) ? $" ({runs.Count(r => r.Diverged)} diverged)" : "";
                ax.BandStd(steps.Select(s => (double)s), stats.Select(m => m.Mean), stats.Select(m => m.Std), $"{InitLabel(runs[0].Config)}, lr {Claim.Format(best!.Value)}{diverged}", InitColor(init));
            }
        }

        return new ReportFigure("loss_curves.svg",
            "Training cross-entropy over the whole training set, logged every eval-every steps of SGD with momentum, each init at the learning rate with the lowest median final loss; " +
            "both inits see the same data and minibatch order. Band: mean ± std over seeds. A diverged run's curve stops where it diverged.", fig.ToSvg());
    }

    /// <summary>Final loss against learning rate per init (the sweep the best rates come from), and the claim's statistic per replicate with its threshold.</summary>
    private static ReportFigure LearningRateSweep(Results<IsometryRun> results)
    {
        var trained = results.Done.Where(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh }).ToList();
        var fig = Figure.Grid(1, 2, $"Critical tanh at depth L = {trained[0].Config.Depth}: learning-rate sweep and the training claim", 1300, 420);
        var ax = fig.AddPanel("learning rate", "final training loss", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var init in BothInits)
        {
            var byRate = trained.Where(r => r.Config.Init == init).GroupBy(r => r.Config.LearningRate).OrderBy(g => g.Key).ToList();
            var ok = byRate.Where(g => g.Any(r => !r.Diverged)).ToList();
            if (ok.Count > 0)
            {
                var stats = ok.Select(g => MeanStd.Of(g.Where(r => !r.Diverged).Select(FinalLoss))).ToList();
                ax.Line(ok.Select(g => g.Key), stats.Select(m => m.Mean), $"{EnumNames.Of(init)} (mean of non-diverged)", InitColor(init), LineStyle.Solid, Marker.Circle);
                ax.Scatter(ok.SelectMany(g => g.Where(r => !r.Diverged).Select(_ => g.Key)), ok.SelectMany(g => g.Where(r => !r.Diverged).Select(FinalLoss)), $"{EnumNames.Of(init)}, each seed", InitColor(init));
            }

            var diverged = byRate.Where(g => g.Any(r => r.Diverged)).ToList();
            if (diverged.Count > 0)
                ax.Text(diverged[0].Key, ok.Count > 0 ? ok.SelectMany(g => g.Where(r => !r.Diverged).Select(FinalLoss)).Max() : 1,
                    $"{EnumNames.Of(init)}: {string.Join(", ", diverged.Select(g => $"{g.Count(r => r.Diverged)} diverged at lr {Claim.Format(g.Key)}"))}");
        }

        var claim = fig.AddPanel("replicate (seed)", "ln(L_{orthogonal} / L_{Gaussian}) at best rates");
        claim.LegendPosition = LegendPosition.OutsideRight;
        double? bo = BestLearningRate(trained, WeightInit.Orthogonal), bg = BestLearningRate(trained, WeightInit.Gaussian);
        if (bo is not null && bg is not null)
        {
            var ratios = results.PerReplicate(runs => Math.Log(TrainedLoss(runs, WeightInit.Orthogonal, bo.Value) / TrainedLoss(runs, WeightInit.Gaussian, bg.Value)));
            claim.Scatter(Enumerable.Range(0, ratios.Count).Select(i => (double)i), ratios, "per replicate", Palette.Series(2));
        }

        claim.HLine(0, "threshold 0 (claim: below)", Palette.Series(1));
        return new ReportFigure("learning_rates.svg",
            "Left: final training loss of the critical tanh nets against the learning rate, per init (points: seeds; diverged runs are named, not drawn); each init's best rate is the one with the lowest median. " +
            "Right: the statistic of tanh-orthogonal-trains-faster per replicate, with its threshold 0.", fig.ToSvg());
    }

    /// <summary>The logged singular values of a run at a step, or null when the array is missing.</summary>
    private static JacobianSpectrum? ReadSpectrum(Results<IsometryRun> results, RunView<IsometryRun> run, int step)
    {
        string? path = results.ArrayPath(run, SpectrumArray, step);
        return path is not null && File.Exists(path) ? new JacobianSpectrum(Npy.Read(path).AsDouble().OrderDescending().ToArray()) : null;
    }
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.InitVariance.InitVarianceMetrics;

namespace Tdlab.Experiments.InitVariance;

/// <summary>The family's figures, drawn from the stored runs.</summary>
public sealed partial class InitVarianceExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<InitVarianceRun> results)
    {
        var sweep = SweepPoints(results);
        if (sweep.Count == 0) yield break;
        var any = results.Done.First().Config;
        double critical = Math.Sqrt(2.0 / any.Width);
        double chance = ChanceOf(results);

        yield return SweepFigure(results, sweep, critical, chance);
        yield return LossCurves(results, sweep);
        yield return SchemeCurves(results);
        yield return LayerProfiles(results, any.Depth);
        yield return RecursionFigure(results);
    }

    /// <summary>
    /// Per sigma at init (fixed-rate sweep, mean over seeds): the per-layer slope of ln E[F_l^2] and of ln ||dL/dW_l|| against ln rho, with the
    /// recursion's predictions (ln rho and 0), and the residuals below.
    /// </summary>
    private static ReportFigure RecursionFigure(Results<InitVarianceRun> results)
    {
        double rate = FixedRate(results.Done);
        var points = results.Done.Where(r => r.Config.IsSweep && r.Config.LearningRate == rate).GroupBy(r => r.Config.Sigma).OrderBy(g => g.Key)
            .Select(g => (LnRho: Math.Log(g.First().Config.Width * g.Key * g.Key / 2),
                Forward: MeanStd.Of(g.Select(r => InitValue(r, Profile.Forward))), Gradient: MeanStd.Of(g.Select(r => InitValue(r, Profile.GradientLayers)))))
            .ToList();
        var fig = Figure.Grid(2, 1, "Per-layer growth at initialisation against the recursion ρ = n E[W²]/2 (every σ of the sweep)", 760, 760);
        var top = fig.AddPanel("ln ρ", "slope per layer (mean ± std over seeds)");
        var res = fig.AddPanel("ln ρ", "measured − predicted", title: "residual");
        foreach (var ax in new[] { top, res }) ax.LegendPosition = LegendPosition.OutsideRight;
        var x = points.Select(p => p.LnRho).ToArray();
        top.BandStd(x, points.Select(p => p.Forward.Mean), points.Select(p => p.Forward.Std), "ln E[F_l²], l = 1..depth", Palette.Series(0));
        top.Line(x, x, "prediction ln ρ", Palette.Series(0), LineStyle.Dashed);
        top.BandStd(x, points.Select(p => p.Gradient.Mean), points.Select(p => p.Gradient.Std), "ln ‖∂L/∂W_l‖, l = 2..depth", Palette.Series(1));
        top.HLine(0, "prediction 0 (forward ρ^l, backward ρ^(depth−l))", Palette.Series(1));
        res.Line(x, points.Select(p => p.Forward.Mean - p.LnRho), "E[F_l²] slope − ln ρ", Palette.Series(0), marker: Marker.Circle);
        res.Line(x, points.Select(p => p.Gradient.Mean), "‖∂L/∂W_l‖ slope − 0", Palette.Series(1), marker: Marker.Circle);
        SlopeBounds(res, $"gradient-stable bounds ±{SlopeTolerance} (applied at Kaiming, ρ = 1)");
        return new ReportFigure("recursion.svg",
            "For every σ of the fixed-rate sweep at initialisation: the least-squares slope per layer of ln E[F_l²] (hidden layers) and of ln ‖∂L/∂W_l‖ " +
            "(hidden-to-hidden layers), mean ± std over seeds, against ln ρ = ln(width σ²/2). The recursion predicts ln ρ for the signal and 0 for the weight " +
            "gradient (the forward growth ρ^l and backward growth ρ^(depth−l) cancel). Because every σ scales the same draws of a zero-bias ReLU net, the " +
            "σ-dependence is exact up to the softmax (checks forward-homogeneity, gradient-homogeneity); the offsets are finite-width, finite-batch departures, nearly the same at every σ. " +
            "Bottom: residuals, with the gradient-stable claim's bounds.", fig.ToSvg());
    }

    /// <summary>
    /// Final accuracy and loss vs sigma at the fixed rate (and the per-sigma-tuned control) with the critical scale, the band threshold and
    /// the failing bands shaded from the data; sigmas where every seed diverged are markers, and no line crosses a missing sigma. Right: the
    /// band width per seed against the claim's threshold.
    /// </summary>
    private static ReportFigure SweepFigure(Results<InitVarianceRun> results, List<SweepPoint> sweep, double critical, double chance)
    {
        var tuned = results.Done.Any(r => r.Config.IsSweep && r.Config.LearningRate < FixedRate(results.Done)) ? SweepPoints(results, tuned: true) : [];
        var fig = Figure.Grid(1, 3, "Final test accuracy and training loss vs initial weight scale σ (mean ± std over seeds); band width per seed", 1900, 460);
        var xs = sweep.Select(p => p.Sigma).ToArray();
        var acc = fig.AddPanel("σ", "final test accuracy", xLog: true);
        var loss = fig.AddPanel("σ", "final training loss", xLog: true, yLog: true);
        foreach (var ax in new[] { acc, loss })
        {
            ax.LegendPosition = LegendPosition.OutsideRight;
            // Vanishing: sigmas below the critical one whose loss barely moved; exploding: above it, failed.
            var vanishing = sweep.Where(p => p.Sigma < critical && p.RelativeLossChange.Mean < 0.01).Select(p => p.Sigma).ToList();
            var exploding = sweep.Where(p => p.Sigma > critical && p.FailedFraction >= 0.5).Select(p => p.Sigma).ToList();
            if (vanishing.Count > 0) ax.ShadeX(double.NegativeInfinity, Geo(vanishing.Max(), Next(sweep, vanishing.Max())), "vanishing (loss barely moves)", Color.Parse("#56B4E9"));
            if (exploding.Count > 0) ax.ShadeX(Geo(Prev(sweep, exploding.Min()), exploding.Min()), double.PositiveInfinity, "exploding (diverged or stalled)", Color.Parse("#E69F00"));
            ax.VLine(critical, "σ = √(2/fan_in)");
        }

        Segments(acc, sweep, p => p.TestAccuracy, $"N(0, σ²), fixed lr {Claim.Format(results.Done.First(r => r.Config.IsSweep).Config.LearningRate)}", Palette.Series(0));
        if (tuned.Count > 0) Segments(acc, tuned, p => p.TestAccuracy, "per-σ best lr (control)", Palette.Series(2));
        acc.HLine(chance, "chance", Color.Parse("#999999"));
        acc.HLine(chance + TrainedMargin, $"band threshold: chance + {TrainedMargin}", Color.Parse("#D55E00"));
        var diverged = sweep.Where(p => p.Diverged == p.Runs).Select(p => p.Sigma).ToList();
        if (diverged.Count > 0)
            acc.Scatter(diverged, diverged.Select(_ => 0.0), "diverged at the fixed lr (every seed)", Color.Parse("#D55E00"), Marker.Cross, 6);
        acc.YLim(-0.05, 1.05);
        foreach (var ax in new[] { acc, loss }) ax.XLim(xs[0] / 1.6, xs[^1] * 1.6);
        Segments(loss, sweep, p => p.FinalLoss, "N(0, σ²), fixed lr", Palette.Series(0));
        if (tuned.Count > 0) Segments(loss, tuned, p => p.FinalLoss, "per-σ best lr (control)", Palette.Series(2));

        var band = fig.AddPanel("seed", "band width (decades of σ)", title: "band-width claims, per seed");
        band.LegendPosition = LegendPosition.OutsideRight;
        var fixedWidths = results.ByReplicate.Select(g => (g.Key, BandDecades(g.ToList(), tuned: false))).ToList();
        band.Scatter(fixedWidths.Select(w => (double)w.Key), fixedWidths.Select(w => w.Item2), "fixed lr", Palette.Series(0), Marker.Circle, 5);
        if (tuned.Count > 0)
        {
            var tunedWidths = results.ByReplicate.Select(g => (g.Key, BandDecades(g.ToList(), tuned: true))).ToList();
            band.Scatter(tunedWidths.Select(w => (double)w.Key), tunedWidths.Select(w => w.Item2), "per-σ best lr", Palette.Series(2), Marker.Square, 5);
        }

        band.HLine(BroadDecades, $"'broad': {BroadDecades} decade", Color.Parse("#D55E00"));
        band.YLim(0, Math.Max(1.5 * BroadDecades, fixedWidths.Select(w => w.Item2).DefaultIfEmpty(0).Max() * 1.2));
        return new ReportFigure("sweep.svg",
            "Final test accuracy and training loss against σ, at the fixed learning rate and (control) at each seed's best learning rate per σ. Diverged runs " +
            "are left out of the means and no line is drawn across a σ where every seed diverged (crosses at the bottom mark those σ). Shaded bands are read " +
            "from the data: blue where the loss moved by less than 1%, orange where at least half the runs diverged or stalled near chance. The red line is the " +
            "band's threshold (chance + 0.25). Right: band width in decades per seed (edges interpolated in log σ) against the claim's one decade.", fig.ToSvg());
    }

    /// <summary>Mean ± std over the contiguous runs of sigmas with a finite mean, one band each (labelled once), so no line crosses a gap.</summary>
    private static void Segments(Axes ax, List<SweepPoint> points, Func<SweepPoint, MeanStd> value, string label, Color color)
    {
        var segment = new List<SweepPoint>();
        bool labelled = false;
        void Flush()
        {
            if (segment.Count == 0) return;
            if (segment.Count == 1)
                ax.Scatter([segment[0].Sigma], [value(segment[0]).Mean], labelled ? null : label, color, Marker.Circle, 4);
            else
                ax.BandStd(segment.Select(p => p.Sigma), segment.Select(p => value(p).Mean), segment.Select(p => value(p).Std), labelled ? null : label, color);
            labelled = true;
            segment.Clear();
        }

        foreach (var p in points)
        {
            if (double.IsFinite(value(p).Mean)) segment.Add(p);
            else Flush();
        }

        Flush();
    }

    /// <summary>Training-loss curves of five sigmas spread over the sweep (replicate 0).</summary>
    private static ReportFigure LossCurves(Results<InitVarianceRun> results, List<SweepPoint> sweep)
    {
        var fig = new Figure("Training loss by epoch for five σ (replicate 0)");
        var ax = fig.AddPanel("epoch", "training loss", yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        var picks = Enumerable.Range(0, 5).Select(i => sweep[(int)Math.Round(i * (sweep.Count - 1) / 4.0)].Sigma).Distinct();
        foreach (double sigma in picks)
        {
            var run = results.Done.FirstOrDefault(r => r.Config.IsSweep && r.Config.Sigma == sigma && r.Replicate == 0);
            if (run is null) continue;
            var s = run.Series(Loss);
            ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), $"σ = {Claim.Format(sigma)}{(run.Diverged ? " (diverged)" : "")}", marker: Marker.Circle);
        }

        return new ReportFigure("loss_curves.svg", "Training loss per epoch for five σ across the sweep; a diverged run's curve stops where it diverged.", fig.ToSvg());
    }

    /// <summary>Xavier vs Kaiming loss curves, mean ± std over seeds.</summary>
    private static ReportFigure SchemeCurves(Results<InitVarianceRun> results)
    {
        var fig = new Figure("Xavier vs Kaiming (fan_in) under identical architecture, optimiser, data and seeds");
        var ax = fig.AddPanel("epoch", "training loss", yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var scheme in new[] { Scheme.Xavier, Scheme.Kaiming })
        {
            var runs = results.Done.Where(r => r.Config.Scheme == scheme).ToList();
            if (runs.Count == 0) continue;
            int epochs = runs[0].Config.Epochs;
            var steps = Enumerable.Range(0, epochs + 1).ToArray();
            var stats = steps.Select(e => MeanStd.Of(runs.Select(r => r.At(Loss, e)))).ToArray();
            ax.BandStd(steps.Select(e => (double)e), stats.Select(m => m.Mean), stats.Select(m => m.Std), EnumNames.Of(scheme));
        }

        return new ReportFigure("xavier_vs_kaiming.svg", "Training loss of Xavier-normal and Kaiming-normal initialisation, mean ± std over seeds.", fig.ToSvg());
    }

    /// <summary>
    /// Per-layer activation second moment (with the recursion's prediction E[F_1²] ρ^(l−1) and its residual) and weight-gradient norm at
    /// initialisation (with the gradient-stable claim's bounds), per scheme; the claim's per-seed slope against its threshold.
    /// </summary>
    private static ReportFigure LayerProfiles(Results<InitVarianceRun> results, int depth)
    {
        var fig = Figure.Grid(2, 2, "Signal and gradient through depth at initialisation (replicate means): theory dashed, residuals below", 1300, 820);
        var act = fig.AddPanel("hidden layer l", "E[F_{l}^{2}]", yLog: true);
        var grad = fig.AddPanel("layer l", "‖∂L/∂W_{l}‖", yLog: true);
        var residual = fig.AddPanel("hidden layer l", "ln(E[F_l²] / (E[F_1²] ρ^{l−1}))", title: "residual against the recursion");
        var slopes = fig.AddPanel("seed", "slope of ln ‖∂L/∂W_l‖ per layer (l = 2..depth)", title: "gradient-stable claims, Kaiming, per seed");
        foreach (var ax in new[] { act, grad, residual, slopes }) ax.LegendPosition = LegendPosition.OutsideRight;
        var sweep = SweepPoints(results);
        int width = results.Done.First().Config.Width;
        double critical = Math.Sqrt(2.0 / width);
        var near = sweep.Count > 0 ? sweep.MinBy(p => Math.Abs(Math.Log(p.Sigma / critical)))!.Sigma : double.NaN;
        double rate = FixedRate(results.Done);
        var groups = new (string Label, Func<InitVarianceRun, bool> Where, double Rho)[]
        {
            ("xavier (ρ = 1/2)", r => r.Scheme == Scheme.Xavier, 0.5),
            ("kaiming (ρ = 1)", r => r.Scheme == Scheme.Kaiming, 1),
            ($"N(0, σ²), σ = {Claim.Format(near)} (ρ = {Claim.Format(width * near * near / 2)})", r => r.IsSweep && r.Sigma == near && r.LearningRate == rate, width * near * near / 2),
        };
        var layers = Enumerable.Range(1, depth).ToArray();
        var all = Enumerable.Range(1, depth + 1).ToArray();
        int index = 0;
        foreach (var (label, where, rho) in groups)
        {
            var color = Palette.Series(index++);
            var runs = results.Done.Where(r => where(r.Config)).ToList();
            if (runs.Count == 0) continue;
            var m2 = layers.Select(l => MeanStd.Of(runs.Select(r => r.At(ActivationSecondMoment.At(l), 0))).Mean).ToArray();
            var theory = layers.Select(l => m2[0] * Math.Pow(rho, l - 1)).ToArray();
            act.Line(layers.Select(l => (double)l), m2, label, color, marker: Marker.Circle);
            act.Line(layers.Select(l => (double)l), theory, null, color, LineStyle.Dashed);
            residual.Line(layers.Select(l => (double)l), m2.Select((v, i) => Math.Log(v / theory[i])), label, color, marker: Marker.Circle);
            var g = all.Select(l => MeanStd.Of(runs.Select(r => r.At(WeightGradientNorm.At(l), 0))).Mean).ToArray();
            grad.Line(all.Select(l => (double)l), g, label, color, marker: Marker.Circle);
            if (rho == 1 && depth >= 2)
            {
                var bounded = Enumerable.Range(2, depth - 1).ToArray();
                grad.Line(bounded.Select(l => (double)l), bounded.Select(l => g[1] * Math.Exp(SlopeTolerance * (l - 2))), $"claim bounds: slope ±{SlopeTolerance} per layer", Color.Parse("#D55E00"), LineStyle.Dashed);
                grad.Line(bounded.Select(l => (double)l), bounded.Select(l => g[1] * Math.Exp(-SlopeTolerance * (l - 2))), null, Color.Parse("#D55E00"), LineStyle.Dashed);
            }
        }

        residual.HLine(0, "recursion", Color.Parse("#999999"));
        var kaiming = results.Done.Where(r => r.Config.Scheme == Scheme.Kaiming).OrderBy(r => r.Replicate).ToList();
        if (kaiming.Count > 0)
        {
            slopes.Scatter(kaiming.Select(r => (double)r.Replicate), kaiming.Select(r => InitValue(r, Profile.GradientLayers)), "batch gradient (gradient-stable)", Palette.Series(1), Marker.Circle, 5);
            slopes.Scatter(kaiming.Select(r => (double)r.Replicate), kaiming.Select(r => InitValue(r, Profile.ExampleGradientLayers)), "per-example RMS (gradient-stable-per-example)", Palette.Series(3), Marker.Square, 5);
        }

        SlopeBounds(slopes, $"claim bounds ±{SlopeTolerance}");
        return new ReportFigure("layer_profiles.svg",
            "Top left: second moment of each hidden activation at initialisation, with the recursion's E[F_1²] ρ^(l−1) dashed (ρ = n E[W²]/2: 1 for Kaiming, " +
            "1/2 for Xavier, width σ²/2 for the sweep's σ nearest √(2/n)); bottom left: the residual ln(measured / predicted). Top right: Frobenius norm of " +
            "each layer's weight gradient (probe batch of 256) at initialisation, with the gradient-stable claim's bounds (slope ±0.1 per layer from layer 2, " +
            "Kaiming); bottom right: the claim's per-seed slope and bounds.", fig.ToSvg());
    }

    /// <summary>The gradient-stable claim's bounds ±<see cref="SlopeTolerance"/> as two horizontal lines.</summary>
    private static void SlopeBounds(Axes ax, string label)
    {
        ax.HLine(SlopeTolerance, label, Color.Parse("#D55E00"));
        ax.HLine(-SlopeTolerance, null, Color.Parse("#D55E00"));
    }

    private static double Geo(double a, double b) => double.IsFinite(b) && double.IsFinite(a) ? Math.Sqrt(a * b) : a;

    private static double Next(List<SweepPoint> sweep, double sigma) =>
        sweep.Where(p => p.Sigma > sigma).Select(p => p.Sigma).DefaultIfEmpty(double.PositiveInfinity).Min();

    private static double Prev(List<SweepPoint> sweep, double sigma) =>
        sweep.Where(p => p.Sigma < sigma).Select(p => p.Sigma).DefaultIfEmpty(double.NegativeInfinity).Max();
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.Lipschitz.LipschitzMetrics;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>The family's figures, drawn from the stored runs.</summary>
public sealed partial class LipschitzExperiment
{
    private static readonly Variant[] VariantOrder = [Variant.Plain, Variant.WeightDecay, Variant.SpectralNorm];

    public override IEnumerable<ReportFigure> Figures(Results<LipschitzRun> results)
    {
        var variants = VariantOrder.Where(v => results.Done.Any(r => r.Config.IsVariant && r.Config.Variant == v)).ToList();
        if (variants.Count > 0)
        {
            yield return BoundVsEpoch(results, variants);
            yield return LayerNormsVsEpoch(results, variants);
        }

        var primary = PrimarySweep(results.Done);
        var sweep = WidthPoints(results, primary);
        if (sweep.Count > 0) yield return WidthFigure(sweep, "width_sweep.svg", primary == OptimizerKind.MinNorm ? "random features, min-norm fit" : "every layer trained");
        var trained = primary == OptimizerKind.MinNorm ? WidthPoints(results, OptimizerKind.Adam) : [];
        if (trained.Count > 0) yield return WidthFigure(trained, "width_sweep_trained.svg", "every layer trained with Adam");
        if (results.Done.Any()) yield return LowerVsUpper(results, variants);
    }

    /// <summary>Mean ± std over seeds of a metric at every logged step of the variant runs.</summary>
    private static (double[] Steps, MeanStd[] Stats) Curve(Results<LipschitzRun> results, Variant variant, Func<RunView<LipschitzRun>, int, double> value)
    {
        var runs = results.Done.Where(r => r.Config.IsVariant && r.Config.Variant == variant).ToList();
        var steps = runs.SelectMany(r => Steps(r)).Distinct().Order().ToArray();
        return (steps.Select(s => (double)s).ToArray(), steps.Select(s => MeanStd.Of(runs.Select(r => value(r, s)))).ToArray());
    }

    private static ReportFigure BoundVsEpoch(Results<LipschitzRun> results, List<Variant> variants)
    {
        var fig = Figure.Grid(1, 2, "Lipschitz bounds and test accuracy per epoch (mean ± std over seeds)", 1150, 440);
        var bound = fig.AddPanel("epoch", "log Lipschitz bound");
        bound.LegendPosition = LegendPosition.OutsideRight;
        var acc = fig.AddPanel("epoch", "test accuracy");
        acc.LegendPosition = LegendPosition.OutsideRight;
        foreach (var v in variants)
        {
            var color = bound.NextColor();
            var (xs, upper) = Curve(results, v, (r, s) => r.At(LogUpper, s));
            bound.BandStd(xs, upper.Select(m => m.Mean), upper.Select(m => m.Std), $"{EnumNames.Of(v)}: log upper", color);
            var (_, lower) = Curve(results, v, (r, s) => Math.Log(r.At(Lower, s)));
            bound.Line(xs, lower.Select(m => m.Mean), $"{EnumNames.Of(v)}: log lower", color, LineStyle.Dashed);
            var (_, a) = Curve(results, v, (r, s) => r.At(TestAccuracy, s));
            acc.BandStd(xs, a.Select(m => m.Mean), a.Select(m => m.Std), EnumNames.Of(v), color);
        }

        bound.HLine(results.Done.First().Final(LogActivation), "log prod Lip(φ)", Color.Parse("#777777"), LineStyle.Dotted);
        return new ReportFigure("bound_vs_epoch.svg",
            "Left: natural log of the Lipschitz upper bound prod_l ‖W_l‖₂ (solid, band = std over seeds) and of the empirical lower bound " +
            "max_i ‖J(x_i)‖₂ over a training batch (dashed), per training variant. Right: test accuracy of the same runs.", fig.ToSvg());
    }

    private static ReportFigure LayerNormsVsEpoch(Results<LipschitzRun> results, List<Variant> variants)
    {
        int layers = results.Done.First(r => r.Config.IsVariant).Config.Layers;
        var fig = Figure.Grid(1, variants.Count, "Per-layer spectral norm ‖W_{l}‖₂ vs epoch (seed mean)", 380 * variants.Count + 100, 420, shareY: true);
        foreach (var v in variants)
        {
            var ax = fig.AddPanel("epoch", "‖W_{l}‖₂", yLog: true, title: EnumNames.Of(v));
            ax.LegendPosition = LegendPosition.OutsideRight;
            for (int l = 1; l <= layers; l++)
            {
                var (xs, s) = Curve(results, v, (r, step) => r.At(LayerSpectralNorm.At(l), step));
                ax.Line(xs, s.Select(m => m.Mean), l == layers ? $"layer {l} (output)" : $"layer {l}", marker: Marker.Circle);
            }

            if (v == Variant.SpectralNorm) ax.HLine(1 + SpectralTolerance, "1 + 10^{-2}", Color.Parse("#777777"));
        }

        return new ReportFigure("layer_norms.svg",
            "Largest singular value (exact SVD) of each weight matrix as the network trains; for spectral normalisation it is the norm of W / σ(W), the matrix the layer applies.",
            fig.ToSvg());
    }

    /// <summary>Smallest ratio of the widths of two bound labels in the width figures.</summary>
    private const double LabelSpacing = 3;

    private static ReportFigure WidthFigure(List<WidthPoint> sweep, string file, string kind)
    {
        var fig = Figure.Grid(1, 2, $"Width sweep with label noise ({kind}): test error and Lipschitz bounds vs hidden width (mean ± std over seeds)", 1150, 440);
        var err = fig.AddPanel("hidden width", "error", xLog: true);
        err.LegendPosition = LegendPosition.OutsideRight;
        var xs = sweep.Select(p => (double)p.Width).ToArray();
        err.BandStd(xs, sweep.Select(p => p.TestError.Mean), sweep.Select(p => p.TestError.Std), "test error");
        err.Line(xs, sweep.Select(p => p.TrainError.Mean), "train error (noisy labels)", style: LineStyle.Dashed, marker: Marker.Circle);
        // labels at least a factor LabelSpacing apart in width, the larger bounds first (dense grids would overprint them)
        var labelled = new List<int>();
        foreach (var p in sweep.Where(p => double.IsFinite(p.TestError.Mean) && double.IsFinite(p.LogUpper.Mean)).OrderByDescending(p => p.LogUpper.Mean))
            if (labelled.All(w => Math.Abs(Math.Log(p.Width / (double)w)) >= Math.Log(LabelSpacing)))
            {
                labelled.Add(p.Width);
                err.Text(p.Width, p.TestError.Mean + 0.02, $"L≤e^{{{p.LogUpper.Mean.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}}}", anchor: "middle");
            }

        err.XLim(xs[0] / 1.6, xs[^1] * 1.6);
        double top = sweep.Select(p => p.TestError.Mean + p.TestError.Std).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        err.YLim(0, top + 0.06);
        var (height, at) = PeakAboveEnvelope(sweep.Select(p => p.TestError.Mean).ToArray());
        if (at >= 0 && height >= PeakThreshold) err.VLine(sweep[at].Width, $"largest rise: +{Claim.Format(height)}", Color.Parse("#D55E00"));

        var bounds = fig.AddPanel("hidden width", "log Lipschitz bound", xLog: true);
        bounds.LegendPosition = LegendPosition.OutsideRight;
        bounds.XLim(xs[0] / 1.6, xs[^1] * 1.6);
        bounds.BandStd(xs, sweep.Select(p => p.LogUpper.Mean), sweep.Select(p => p.LogUpper.Std), "log upper bound (∏ ‖W_{l}‖₂)");
        bounds.BandStd(xs, sweep.Select(p => p.LogLower.Mean), sweep.Select(p => p.LogLower.Std), "log lower bound (max ‖J(x)‖₂)");
        return new ReportFigure(file,
            "Left: final test error (band) and training error on the noisy labels (dashed) against hidden width; points are annotated with their " +
            "Lipschitz upper bound e^{log bound} (where labels would overlap, only the larger bound's). A vertical line marks the largest rise of test error above its minimum over smaller widths when it reaches 0.01. " +
            "Right: log upper and lower Lipschitz bounds at the end of training against width.", fig.ToSvg());
    }

    private static ReportFigure LowerVsUpper(Results<LipschitzRun> results, List<Variant> variants)
    {
        var fig = new Figure("Empirical lower bound vs upper bound at every logged point", 700, 520);
        var ax = fig.AddPanel("upper bound ∏ ‖W_{l}‖₂ ∏ Lip(φ)", "lower bound max_i ‖J(x_i)‖₂", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        var groups = variants.Select(v => ((Func<LipschitzRun, bool>)(c => c.IsVariant && c.Variant == v), EnumNames.Of(v)))
            .Append((c => c.IsWidth, "width sweep"));
        var all = new List<double>();
        foreach (var (where, label) in groups)
        {
            var runs = results.Done.Where(r => where(r.Config)).ToList();
            if (runs.Count == 0) continue;
            var up = runs.SelectMany(r => Steps(r).Select(s => Math.Exp(r.At(LogUpper, s)))).ToList();
            var lo = runs.SelectMany(r => Steps(r).Select(s => r.At(Lower, s))).ToList();
            all.AddRange(up);
            all.AddRange(lo);
            ax.Scatter(up, lo, label, size: 4);
        }

        var finite = all.Where(v => v > 0 && double.IsFinite(v)).ToList();
        if (finite.Count > 0)
        {
            double a = finite.Min() / 1.5, b = finite.Max() * 1.5;
            ax.Line([a, b], [a, b], "lower = upper", Color.Parse("#777777"), LineStyle.Dashed);
        }

        return new ReportFigure("lower_vs_upper.svg",
            "Each point is one logged step of one run: the empirical lower bound against the layer-product upper bound. " +
            "Every point must lie below the dashed diagonal; the distance below it is how loose the product bound is.", fig.ToSvg());
    }
}

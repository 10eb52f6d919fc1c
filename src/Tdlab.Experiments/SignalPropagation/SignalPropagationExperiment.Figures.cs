using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Metrics;
using Tdlab.Probes.MeanField;
using Tdlab.Lab.Reports;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>Figures: every measurement beside its mean-field prediction on the same axes.</summary>
public sealed partial class SignalPropagationExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<SignalPropagationRun> results)
    {
        var relu = results.Done.Where(r => r.Config.IsRelu).GroupBy(r => r.Config.Rho).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        if (relu.Count > 0) yield return ReluFigure(relu);
        var tanh = TanhPoints(results);
        if (tanh.Count > 0)
        {
            yield return PhaseDiagram(tanh);
            yield return GrowthFigure(tanh);
            yield return DepthScales(tanh);
        }

        var corr = results.Done.Where(r => r.Config.IsRandomTanh && r.Has(SignalPropagationMetrics.Correlation)).ToList();
        if (corr.Count > 0) yield return CorrelationFigure(corr);
        var trained = results.Done.Where(r => r.Config.IsTraining).ToList();
        if (trained.Count > 0) yield return TrainabilityFigure(trained);
    }

    /// <summary>The measured correlation per layer against the map (top) and their difference with the claim's band (bottom), per sample point, mean over seeds.</summary>
    private static ReportFigure CorrelationFigure(List<RunView<SignalPropagationRun>> runs)
    {
        var points = runs.GroupBy(r => (r.Config.SigmaW2, r.Config.SigmaB2)).OrderBy(g => g.Key.SigmaB2).ThenBy(g => g.Key.SigmaW2).ToList();
        var biases = points.Select(g => g.Key.SigmaB2).Distinct().ToList();
        var fig = Figure.Grid(2, biases.Count, "tanh nets: correlation of two inputs' pre-activations vs the mean-field correlation map (mean over seeds)", 620 * biases.Count, 760);
        var top = new List<Axes>();
        foreach (double b2 in biases)
        {
            var ax = fig.AddPanel("layer l", "c_{l}", title: $"σ_b² = {Claim.Format(b2)}");
            ax.LegendPosition = LegendPosition.OutsideRight;
            top.Add(ax);
        }

        var bottom = biases.Select(b2 =>
        {
            var ax = fig.AddPanel("layer l", "measured − map", title: $"residual, σ_b² = {Claim.Format(b2)}");
            ax.LegendPosition = LegendPosition.OutsideRight;
            return ax;
        }).ToList();
        for (int k = 0; k < points.Count; k++)
        {
            var g = points[k].ToList();
            int col = biases.IndexOf(points[k].Key.SigmaB2);
            var c = g[0].Config;
            var layers = Enumerable.Range(0, c.Layers + 1).ToArray();
            var measured = layers.Select(l => g.Average(r => r.At(SignalPropagationMetrics.Correlation, l))).ToArray();
            var residual = layers.Select(l => MeanStd.Of(g.Select(r =>
                r.At(SignalPropagationMetrics.Correlation, l) - CorrelationMap.Iterate(c.SigmaW2, c.SigmaB2, r.Initial(SignalPropagationMetrics.QStar), r.At(SignalPropagationMetrics.Correlation, 0), c.Layers)[l]))).ToArray();
            var predicted = CorrelationMap.Iterate(c.SigmaW2, c.SigmaB2, g[0].Initial(SignalPropagationMetrics.QStar), measured[0], c.Layers);
            var color = Palette.Series(k % 8);
            top[col].Scatter(layers.Select(l => (double)l), measured, $"σ_w² = {Claim.Format(c.SigmaW2)}", color, Marker.Circle, 4);
            top[col].Line(layers.Select(l => (double)l), predicted, null, color, LineStyle.Dashed);
            bottom[col].BandStd(layers.Select(l => (double)l), residual.Select(m => m.Mean), residual.Select(m => m.Std), $"σ_w² = {Claim.Format(c.SigmaW2)}", color);
        }

        foreach (var ax in bottom)
        {
            ax.HLine(CorrelationTolerance, $"± {CorrelationTolerance} (claim)", Palette.Series(1));
            ax.HLine(-CorrelationTolerance, null, Palette.Series(1));
        }

        return new ReportFigure("correlation_map.svg",
            "Top: mean pairwise correlation of the pre-activations of a net's inputs at each layer (markers, mean over seeds) and the mean-field correlation map iterated from the measured c_0 (dashed); " +
            "the ordered points go to c* = 1, the chaotic ones to c* < 1. Bottom: measured − map, mean ± std over seeds, with the ±0.05 band of tanh-correlation-map (the claim takes the largest |difference| over layers per seed).", fig.ToSvg());
    }

    /// <summary>The mean-field depth scales xi_q and xi_c against sigma_w^2 for each sampled sigma_b^2 (theory), the sample points marked.</summary>
    private static ReportFigure DepthScales(List<TanhPoint> points)
    {
        var fig = Figure.Grid(1, 2, "Mean-field depth scales of tanh nets (Schoenholz et al. 2017)", 1300, 440);
        var xiC = fig.AddPanel("σ_{w}^{2}", "ξ_{c} (layers)", yLog: true, title: "correlation depth scale ξ_c = −1 / ln χ_c");
        var cStar = fig.AddPanel("σ_{w}^{2}", "c*", title: "fixed point c* of the correlation map");
        xiC.LegendPosition = LegendPosition.OutsideRight;
        cStar.LegendPosition = LegendPosition.OutsideRight;
        double wMax = Math.Max(4.5, points.Max(p => p.SigmaW2) * 1.1);
        var ws = Enumerable.Range(0, 36).Select(i => 0.3 + (wMax - 0.3) * i / 35.0).ToArray();
        foreach (var (b2, i) in points.Select(p => p.SigmaB2).Distinct().Select((b, i) => (b, i)))
        {
            var scales = ws.Select(w => CorrelationMap.Of(w, b2)).ToArray();
            var finite = ws.Zip(scales).Where(p => double.IsFinite(p.Second.XiC) && p.Second.XiC < 1e4).ToList();
            xiC.Line(finite.Select(p => p.First), finite.Select(p => p.Second.XiC), $"ξ_c, σ_b² = {Claim.Format(b2)}", Palette.Series(i));
            var finiteQ = ws.Zip(scales).Where(p => double.IsFinite(p.Second.XiQ) && p.Second.XiQ < 1e4).ToList();
            xiC.Line(finiteQ.Select(p => p.First), finiteQ.Select(p => p.Second.XiQ), $"ξ_q, σ_b² = {Claim.Format(b2)}", Palette.Series(i), LineStyle.Dotted);
            cStar.Line(ws, scales.Select(s => s.CStar), $"σ_b² = {Claim.Format(b2)}", Palette.Series(i));
            var row = points.Where(p => p.SigmaB2 == b2).ToList();
            cStar.Scatter(row.Select(p => p.SigmaW2), row.Select(p => CorrelationMap.Of(p.SigmaW2, b2).CStar), $"sample points, σ_b² = {Claim.Format(b2)}", Palette.Series(i), Marker.Circle, 6);
        }

        return new ReportFigure("depth_scales.svg",
            "Left: the depth scales over which the length map reaches q* (ξ_q, dotted) and the correlation map reaches c* (ξ_c, solid), from Gauss-Hermite quadrature; ξ_c diverges at the χ = 1 line. " +
            "Right: c*, 1 on the ordered side and below 1 on the chaotic side; markers are the simulated sample points. Where the trainability sub-study runs, trainability.svg draws 6 ξ_c over its (σ_w², L) grid.", fig.ToSvg());
    }


    private static ReportFigure ReluFigure(List<List<RunView<SignalPropagationRun>>> byRho)
    {
        var fig = Figure.Grid(2, 2, "ReLU nets: measured (solid, 95% interval over all nets) vs recursion (dashed), and the relative deviation with the claims' ±10% band", 1300, 800);
        var act = fig.AddPanel("layer l", "E(F_{l}^{2})", yLog: true, title: "forward: E(F_l²) = ρ E(F_(l−1)²) + E(B²)/2");
        var grad = fig.AddPanel("layer l", "E(∂L/∂F_{l})^{2}", yLog: true, title: "backward: E(∂L/∂F_(l−1))² = ρ E(∂L/∂F_l)²");
        var actDev = fig.AddPanel("layer l", "measured / recursion − 1", title: "forward deviation (relu-recursion)");
        var gradDev = fig.AddPanel("layer l", "measured / prediction − 1", title: "backward deviation (relu-gradient: ρ nearest 1)");
        foreach (var ax in new[] { act, grad, actDev, gradDev }) ax.LegendPosition = LegendPosition.OutsideRight;
        double critical = byRho.Select(g => g[0].Config.Rho).MinBy(r => Math.Abs(r - 1));
        for (int i = 0; i < byRho.Count; i++)
        {
            var runs = byRho[i];
            var c = runs[0].Config;
            var color = Palette.Series(i);
            var layers = Enumerable.Range(0, c.Layers + 1).Select(l => (double)l).ToArray();
            foreach (var (ax, dev, metric, predicted, first) in new[]
                     {
                         (act, actDev, SignalPropagationMetrics.Activation, ReluPrediction(c), 1),
                         (grad, c.Rho == critical ? gradDev : null, SignalPropagationMetrics.ActivationGradient, GradientPrediction(c), 0),
                     })
            {
                var est = layers.Select(l => RelativeDeviation(runs.Select(r => r.At(metric.Mean, (int)l)).ToArray(),
                    runs.Select(r => r.At(metric.StandardError, (int)l)).Select(v => double.IsNaN(v) ? 0 : v).ToArray(), runs.Sum(r => r.Config.Nets), predicted[(int)l])).ToArray();
                var m = est.Select((e, l) => (1 + e.Value) * predicted[l]).ToArray();
                ax.Band(layers, m, est.Select((e, l) => (1 + e.Low) * predicted[l]), est.Select((e, l) => (1 + e.High) * predicted[l]), $"ρ = {Claim.Format(c.Rho)}", color);
                ax.Line(layers, predicted, null, color, LineStyle.Dashed);
                if (dev is null) continue;
                var xs = layers.Skip(first).ToArray();
                var ds = est.Skip(first).ToArray();
                dev.Band(xs, ds.Select(e => e.Value), ds.Select(e => e.Low), ds.Select(e => e.High), $"ρ = {Claim.Format(c.Rho)}", color);
            }
        }

        foreach (var ax in new[] { actDev, gradDev })
        {
            ax.HLine(RecursionTolerance, "± 10% (claim)", Palette.Series(7));
            ax.HLine(-RecursionTolerance, null, Palette.Series(7));
            ax.HLine(0, null, Color.Parse("#999999"), LineStyle.Dotted);
        }

        return new ReportFigure("relu_recursion.svg",
            "Top left: second moment of each ReLU layer's output averaged over independent random nets of all seeds (band: the 95% interval over nets the claims use) and the seed's recursion " +
            "from E(x²) = 1 (dashed). Top right: second moment of the backpropagated gradient ∂L/∂F_l for a random cotangent at the top, against ρ^(L−l); " +
            "at ρ = 1 (σ = √(2/n)) it stays constant. Bottom: measured / predicted − 1 (95% interval) with the ±10% band of relu-recursion and relu-gradient.", fig.ToSvg());
    }

    private static ReportFigure PhaseDiagram(List<TanhPoint> points)
    {
        var tanh = MeanFieldActivation.Tanh;
        double wMax = Math.Max(5, points.Max(p => p.SigmaW2) * 1.15), bMax = Math.Max(0.6, points.Max(p => p.SigmaB2) * 1.2);
        var ws = Enumerable.Range(0, 40).Select(i => 0.3 + (wMax - 0.3) * i / 39.0).ToArray();
        var bs = Enumerable.Range(0, 30).Select(j => 0.005 + (bMax - 0.005) * j / 29.0).ToArray();
        var z = new double[bs.Length, ws.Length];
        for (int j = 0; j < bs.Length; j++)
            for (int i = 0; i < ws.Length; i++) z[j, i] = Math.Log(Criticality.Chi(tanh, ws[i], bs[j]));
        var fig = new Figure("tanh order/chaos phase diagram: ln χ by Gauss-Hermite, with the χ = 1 line", 960, 520);
        var ax = fig.AddPanel("σ_{w}^{2}", "σ_{b}^{2}");
        ax.LegendPosition = LegendPosition.OutsideRight;
        ax.Heatmap(ws, bs, z, "ln χ");
        var lineB = Enumerable.Range(0, 25).Select(j => bMax * j / 24.0).ToArray();
        ax.Line(lineB.Select(b => Criticality.CriticalWeightVariance(tanh, b, 0.25, 2 * wMax)), lineB, "χ = 1 (critical line)", Color.Parse("#000000"));
        var vanish = points.Where(p => p.Growth < 0).ToList();
        var explode = points.Where(p => p.Growth >= 0).ToList();
        ax.Scatter(vanish.Select(p => p.SigmaW2), vanish.Select(p => p.SigmaB2), "measured: gradients vanish", Color.Parse("#56B4E9"), Marker.Circle, 7);
        ax.Scatter(explode.Select(p => p.SigmaW2), explode.Select(p => p.SigmaB2), "measured: gradients explode", Color.Parse("#D55E00"), Marker.Cross, 8);
        return new ReportFigure("phase_diagram.svg",
            "ln χ over (σ_w², σ_b²) from the length map's fixed point q* and χ = σ_w² ∫ tanh'(√q* h)² Dh, with the χ = 1 line (bisection in σ_w²). " +
            "Markers: the sample points where random tanh nets were simulated, by the sign of their measured gradient growth.", fig.ToSvg());
    }

    private static ReportFigure GrowthFigure(List<TanhPoint> points)
    {
        var fig = new Figure("Measured per-layer gradient growth vs mean-field ln χ (random tanh nets)", 900, 480);
        var ax = fig.AddPanel("ln χ (Gauss-Hermite)", "measured slope of ln E(∂L/∂h_{l})^{2} per layer");
        ax.LegendPosition = LegendPosition.OutsideRight;
        double lo = Math.Min(points.Min(p => p.LogChi), points.Min(p => p.Growth)) - 0.05, hi = Math.Max(points.Max(p => p.LogChi), points.Max(p => p.Growth)) + 0.05;
        var diag = new[] { lo, hi };
        ax.Band(diag, diag, diag.Select(v => v - GrowthTolerance), diag.Select(v => v + GrowthTolerance), "prediction ± 0.05", Color.Parse("#999999"));
        foreach (var (b2, i) in points.Select(p => p.SigmaB2).Distinct().Select((b, i) => (b, i)))
        {
            var row = points.Where(p => p.SigmaB2 == b2).ToList();
            ax.Scatter(row.Select(p => p.LogChi), row.Select(p => p.Growth), $"σ_b² = {Claim.Format(b2)}", Palette.Series(i), Marker.Circle, 6);
        }

        ax.VLine(0, "χ = 1");
        ax.HLine(0);
        return new ReportFigure("gradient_growth.svg",
            "Each marker is one sample point of the phase diagram: the least-squares slope of the log mean squared gradient over the layers of random tanh nets " +
            "started at the fixed point q*, against ln χ; the grey band is the claim's ±0.05.", fig.ToSvg());
    }
}

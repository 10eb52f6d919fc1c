using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Probes.MeanField;
using Tdlab.Lab.Reports;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>Figures: every measurement beside its mean-field prediction on the same axes.</summary>
public sealed partial class SignalPropagationExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<SignalPropagationRun> results)
    {
        var relu = results.Done.Where(r => r.Config.IsRelu && r.Replicate == 0).OrderBy(r => r.Config.Rho).ToList();
        if (relu.Count > 0) yield return ReluFigure(relu);
        var tanh = TanhPoints(results);
        if (tanh.Count > 0)
        {
            yield return PhaseDiagram(tanh);
            yield return GrowthFigure(tanh);
        }
    }

    private static ReportFigure ReluFigure(List<RunView<SignalPropagationRun>> runs)
    {
        var fig = Figure.Grid(1, 2, "ReLU nets: measured (solid, ±2 s.e.) vs recursion (dashed)", 1100, 440);
        var act = fig.AddPanel("layer l", "E(F_{l}^{2})", yLog: true, title: "forward: E(F_l²) = ρ E(F_(l−1)²) + E(B²)/2");
        var grad = fig.AddPanel("layer l", "E(∂L/∂F_{l})^{2}", yLog: true, title: "backward: E(∂L/∂F_(l−1))² = ρ E(∂L/∂F_l)²");
        for (int i = 0; i < runs.Count; i++)
        {
            var c = runs[i].Config;
            var color = Palette.Series(i);
            var layers = Enumerable.Range(0, c.Layers + 1).Select(l => (double)l).ToArray();
            foreach (var (ax, metric, predicted) in new[] { (act, SignalPropagationMetrics.Activation, ReluPrediction(c)), (grad, SignalPropagationMetrics.ActivationGradient, GradientPrediction(c)) })
            {
                var m = layers.Select(l => runs[i].At(metric.Mean, (int)l)).ToArray();
                var se = layers.Select(l => runs[i].At(metric.StandardError, (int)l)).Select(v => double.IsNaN(v) ? 0 : v).ToArray();
                ax.Band(layers, m, m.Zip(se, (a, b) => a - 2 * b), m.Zip(se, (a, b) => a + 2 * b), $"ρ = {Claim.Format(c.Rho)}", color);
                ax.Line(layers, predicted, null, color, LineStyle.Dashed);
            }
        }

        return new ReportFigure("relu_recursion.svg",
            "Left: second moment of each ReLU layer's output averaged over independent random nets (band: ±2 standard errors over nets) and the seed's recursion " +
            "from E(x²) = 1 (dashed). Right: second moment of the backpropagated gradient ∂L/∂F_l for a random cotangent at the top, against ρ^(L−l); " +
            "at ρ = 1 (σ = √(2/n)) it stays constant.", fig.ToSvg());
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
        var fig = new Figure("tanh order/chaos phase diagram: ln χ by Gauss-Hermite, with the χ = 1 line", 720, 520);
        var ax = fig.AddPanel("σ_{w}^{2}", "σ_{b}^{2}");
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
        var fig = new Figure("Measured per-layer gradient growth vs mean-field ln χ (random tanh nets)", 680, 480);
        var ax = fig.AddPanel("ln χ (Gauss-Hermite)", "measured slope of ln E(∂L/∂h_{l})^{2} per layer");
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

using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.EdgeOfStability.EdgeOfStabilityMetrics;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>The family's figures, after Cohen et al.'s Figure 1, drawn from the stored runs of seed 0.</summary>
public sealed partial class EdgeOfStabilityExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<EdgeOfStabilityRun> results)
    {
        var seed0 = results.Done.Where(r => r.Replicate == 0).OrderBy(r => r.Config.LearningRate).ToList();
        var gd = seed0.Where(r => r.Config.Method == EosMethod.Gd).ToList();
        var momentum = seed0.Where(r => r.Config.Method == EosMethod.Momentum).ToList();
        if (gd.Count > 0)
            yield return EdgeFigure("edge_of_stability.svg", gd, "2/η",
                "Full-batch gradient descent, one colour per step size η (seed 0). Top: the sharpness λ_max of the full-batch Hessian (warm-started Lanczos on exact " +
                "HVPs) with 2/η dashed in the same colour; it rises (progressive sharpening) until it meets 2/η and then hovers there. Bottom: the training loss, " +
                "which keeps falling at the edge of stability, with small non-monotone steps.");
        if (momentum.Count > 0)
            yield return EdgeFigure("momentum.svg", momentum, "2(1+β)/η",
                "Polyak heavy-ball momentum (seed 0): the sharpness hovers at 2(1 + β)/η (dashed) rather than at 2/η.");
        var flow = seed0.FirstOrDefault(r => r.Config.Method == EosMethod.Flow);
        if (flow is not null && gd.Count > 0) yield return FlowFigure(gd, flow);
    }

    private static ReportFigure EdgeFigure(string file, List<RunView<EdgeOfStabilityRun>> runs, string thresholdName, string caption)
    {
        var fig = Figure.Grid(2, 1, $"Sharpness and loss; dashed: {thresholdName}", 760, 720);
        var top = fig.AddPanel("step", "sharpness λ_{max}");
        var bottom = fig.AddPanel("step", "training loss", yLog: true);
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var color = Palette.Series(i);
            var s = r.Series(Sharpness);
            var l = r.Series(EdgeOfStabilityMetrics.Loss);
            string label = $"{EnumNames.Of(r.Config.Method)} η = {Claim.Format(r.Config.LearningRate)}";
            top.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), label, color);
            top.HLine(r.Config.Threshold, $"{thresholdName} = {Claim.Format(r.Config.Threshold)}", color);
            bottom.Line(l.Select(p => (double)p.Step), l.Select(p => p.Value), label, color);
        }

        top.LegendPosition = LegendPosition.OutsideRight;
        bottom.LegendPosition = LegendPosition.Hidden;
        return new ReportFigure(file, caption, fig.ToSvg());
    }

    /// <summary>Sharpness against time t = η·step for GD and t = sum of RK4 steps for the flow, with every 2/η dashed.</summary>
    private static ReportFigure FlowFigure(List<RunView<EdgeOfStabilityRun>> gd, RunView<EdgeOfStabilityRun> flow)
    {
        var fig = new Figure("Gradient flow keeps sharpening past every 2/η", 760, 440);
        var ax = fig.AddPanel("time t (GD: η × step)", "sharpness λ_{max}");
        for (int i = 0; i < gd.Count; i++)
        {
            var r = gd[i];
            var s = r.Series(Sharpness);
            ax.Line(s.Select(p => p.Step * r.Config.LearningRate), s.Select(p => p.Value), $"GD η = {Claim.Format(r.Config.LearningRate)}", Palette.Series(i));
            ax.HLine(r.Config.Threshold, null, Palette.Series(i));
        }

        var time = flow.Series(Time).ToDictionary(p => p.Step, p => p.Value);
        var fs = flow.Series(Sharpness).Where(p => time.ContainsKey(p.Step)).ToArray();
        ax.Line(fs.Select(p => time[p.Step]), fs.Select(p => p.Value), "gradient flow (RK4)", Color.Parse("#000000"), LineStyle.Dashed);
        ax.LegendPosition = LegendPosition.OutsideRight;
        return new ReportFigure("gradient_flow.svg",
            "Seed 0 on a common clock, t = η × step for GD: GD follows the flow while λ < 2/η and leaves it at its own 2/η (dashed, same colour), " +
            $"while gradient flow (black dashed) keeps sharpening past every threshold of the sweep (stopped at {Claim.Format(flow.Config.FlowStop)} × 2/η_min).", fig.ToSvg());
    }
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>Training curves to the common target loss, and sharpness against trace at the solutions.</summary>
public sealed partial class SharpnessExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<SharpnessRun> results)
    {
        var runs = results.Done.Where(r => r.Has(Sharpness)).ToList();
        if (runs.Count == 0) yield break;
        var batches = runs.Select(r => r.Config.EffectiveBatch).Distinct().Order().ToList();
        var fig = Figure.Grid(1, 2, "Small vs large batch to the same training loss", 1200, 440);
        var curves = fig.AddPanel("step", "full-batch training loss", xLog: true, yLog: true, title: "training (seed 0)");
        var scatter = fig.AddPanel("tr H", "λ_{max}", xLog: true, yLog: true, title: "at the solution (every seed)");
        foreach (var (b, i) in batches.Select((b, i) => (b, i)))
        {
            var color = Palette.Series(i);
            var r0 = runs.FirstOrDefault(r => r.Replicate == 0 && r.Config.EffectiveBatch == b);
            if (r0 is not null)
            {
                var l = r0.Series(SharpnessMetrics.Loss).Where(p => p.Step > 0).ToArray();
                curves.Line(l.Select(p => (double)p.Step), l.Select(p => p.Value), $"batch {b}", color);
            }

            var at = runs.Where(r => r.Config.EffectiveBatch == b).ToList();
            scatter.Scatter(at.Select(r => r.Final(Trace)), at.Select(r => r.Final(Sharpness)), $"batch {b}", color);
        }

        curves.HLine(runs[0].Config.TargetLoss, "target loss");
        curves.LegendPosition = LegendPosition.Hidden;
        scatter.LegendPosition = LegendPosition.OutsideRight;
        yield return new ReportFigure("batch_sharpness.svg",
            "Left: the full-batch training loss of SGD at each batch size (seed 0) until the common target (dashed). Right: at each run's solution, the top " +
            "Hessian eigenvalue λ_max (Lanczos) against the Hessian trace (Hutchinson), one point per seed; large-batch solutions sit up and to the right.",
            fig.ToSvg());
    }
}

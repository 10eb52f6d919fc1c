using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>Training curves to the common target loss, and sharpness against trace at the solutions.</summary>
public sealed partial class SharpnessExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<SharpnessRun> results) =>
        BatchFigures(results).Concat(SubStudyFigures(results));

    private static IEnumerable<ReportFigure> BatchFigures(Results<SharpnessRun> results)
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

    /// <summary>Outliers against C (every seed), and the regression loss per iteration of each optimiser (seed 0).</summary>
    private static IEnumerable<ReportFigure> SubStudyFigures(Results<SharpnessRun> results)
    {
        var outliers = results.Done.Where(r => r.Config.Study == SharpnessStudy.Outliers && r.Has(Outliers)).ToList();
        var optimisers = results.Done.Where(r => r.Config.Study == SharpnessStudy.SecondOrder && r.Replicate == 0 && r.Has(RegressionLoss)).ToList();
        if (outliers.Count == 0 && optimisers.Count == 0) yield break;
        var fig = Figure.Grid(1, 2, "The Hessian's outliers against the number of classes; second- vs first-order methods", 1200, 440);
        var count = fig.AddPanel("number of classes C", "outliers at the solution", title: "outliers (every seed)");
        var classes = outliers.Select(r => (double)r.Config.Classes).Distinct().Order().ToArray();
        if (classes.Length > 0)
        {
            count.Line(classes, classes, "C", Palette.Series(1));
            count.Line(classes, classes.Select(c => c - 1), "C − 1", Palette.Series(2));
            count.Scatter(outliers.Select(r => (double)r.Config.Classes), outliers.Select(r => r.Final(Outliers)), "n_out", Palette.Series(0));
        }

        var loss = fig.AddPanel("iteration + 1", "(1/2) mean (f − y)^2", xLog: true, yLog: true, title: "regression (seed 0)");
        foreach (var (r, i) in optimisers.OrderBy(r => r.Config.Method).Select((r, i) => (r, i)))
        {
            var l = r.Series(RegressionLoss).Where(p => double.IsFinite(p.Value) && p.Value > 0).ToArray();
            loss.Line(l.Select(p => p.Step + 1.0), l.Select(p => p.Value), r.Config.Method.ToString(), Palette.Series(i));
        }

        if (optimisers.Count > 0) loss.HLine(optimisers[0].Config.RegressionTarget, "target");
        count.LegendPosition = LegendPosition.OutsideRight;
        loss.LegendPosition = LegendPosition.OutsideRight;
        yield return new ReportFigure("outliers_and_optimisers.svg",
            "Left: the number of Hessian outliers at the solution (the largest relative gap among the top Lanczos eigenvalues above the SLQ " +
            "density's 0.99 quantile), one point per seed, against the number of classes C, with the lines C and C − 1. Right: the regression " +
            "net's loss per iteration of GD, Adam, Gauss–Newton and Newton from the same start (seed 0), to the common target (dashed).",
            fig.ToSvg());
    }
}

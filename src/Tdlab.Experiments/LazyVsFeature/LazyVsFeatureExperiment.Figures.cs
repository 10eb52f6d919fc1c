using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>The family's figures, drawn from the stored runs (means over seeds).</summary>
public sealed partial class LazyVsFeatureExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<LazyVsFeatureRun> results)
    {
        var points = Points(results.Done);
        if (points.Count == 0) yield break;
        double featureMax = results.Done.First().Config.FeatureRegimeMax;
        yield return PerWidth(points, "test_error_collapse.svg", "Test error against α√m for every width (the collapse)",
            "test error", p => p.TestError, yLog: false,
            "Test error of F = α(f(w) - f(w_0)) at the end of training against α√m, one curve per width m; if the widths' curves lie on one another the " +
            "lazy/feature cross-over is set by α√m alone (Geiger et al. 2020, Fig. 3d). Left: against α√m; right: the same data against α.");
        yield return PerWidth(points, "ntk_change.svg", "Relative change of the empirical NTK during training",
            "‖Θ(T) - Θ(0)‖_{F} / ‖Θ(0)‖_{F}", p => p.NtkChange, yLog: true,
            "Relative Frobenius change of the empirical NTK on the probe batch between initialisation and the end of training: large in the feature " +
            "regime (small α√m), vanishing in the lazy regime.");
        yield return THalfFigure(points, featureMax);
        yield return PerWidth(points, "ntk_min_eigenvalue.svg", "Smallest eigenvalue of the empirical NTK at the end of training",
            "λ_{min}(Θ(T))", p => p.NtkMinEigenvalue, yLog: true,
            "Smallest eigenvalue of the probe-batch NTK at the end of training (seed 003: the PL-condition constant of the linearised model).");
    }

    /// <summary>A quantity per width against alpha sqrt(m) (left) and against alpha (right).</summary>
    private static ReportFigure PerWidth(List<GridPoint> points, string file, string title, string yLabel, Func<GridPoint, MeanStd> value, bool yLog, string caption)
    {
        var fig = Figure.Grid(1, 2, title, 1100, 440);
        var byScale = fig.AddPanel("α√m", yLabel, xLog: true, yLog: yLog);
        var byAlpha = fig.AddPanel("α", yLabel, xLog: true, yLog: yLog);
        foreach (var g in points.GroupBy(p => p.Width))
        {
            var ok = g.Where(p => double.IsFinite(value(p).Mean) && (!yLog || value(p).Mean > 0)).ToList();
            var line = byScale.Line(ok.Select(p => p.Scale), ok.Select(p => value(p).Mean), $"m = {g.Key}", marker: Marker.Circle);
            byAlpha.Line(ok.Select(p => p.Scale / Math.Sqrt(p.Width)), ok.Select(p => value(p).Mean), $"m = {g.Key}", line.Color, marker: Marker.Circle);
        }

        byScale.VLine(1, "α√m = 1");
        return new ReportFigure(file, caption, fig.ToSvg());
    }

    private static ReportFigure THalfFigure(List<GridPoint> points, double featureMax)
    {
        var fig = new Figure("Time to halve the loss, t_{L/2}, against α√m", 720, 460);
        var ax = fig.AddPanel("α√m", "t_{L/2} (GD time, steps × η)", xLog: true, yLog: true);
        foreach (var g in points.GroupBy(p => p.Width))
        {
            var ok = g.Where(p => p.THalf.Mean > 0).ToList();
            ax.Line(ok.Select(p => p.Scale), ok.Select(p => p.THalf.Mean), $"m = {g.Key}", marker: Marker.Circle);
        }

        var feature = FeaturePoints(points, featureMax);
        var (exponent, prefactor) = PowerLawFit.Fit(feature.Select(p => (p.Scale, p.THalf.Mean)));
        if (double.IsFinite(exponent))
        {
            var xs = feature.Select(p => p.Scale).Distinct().Order().ToArray();
            ax.Line(xs, xs.Select(x => prefactor * Math.Pow(x, exponent)), $"fit ∝ (α√m)^{{{Claim.Format(exponent)}}}", Color.Parse("#000000"), LineStyle.Dashed);
        }

        ax.ShadeX(double.NegativeInfinity, featureMax, "feature regime (fit range)", Color.Parse("#56B4E9"));
        return new ReportFigure("t_half.svg",
            "Time t_{L/2} at which the loss first falls to half its initial value, against α√m on log axes. Feature regime: t_{L/2} ∝ α√m (slope 1); " +
            "lazy regime: t_{L/2} = O(1).", fig.ToSvg());
    }
}

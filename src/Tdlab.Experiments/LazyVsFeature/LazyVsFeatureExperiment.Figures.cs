using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.LazyVsFeature.LazyVsFeatureMetrics;

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
        if (points.Select(p => p.Width).Distinct().Count() >= 2) yield return TestErrorVsWidth(points, results.Done.Where(r => r.Config.FrozenNtk && !r.Diverged).ToList(),
            results.ByReplicate.Select(g => FrozenNtkGaps(g.ToList())).ToList());
        yield return PerWidth(points, "ntk_change.svg", "Relative change of the empirical NTK during training",
            "‖Θ(T) - Θ(0)‖_{F} / ‖Θ(0)‖_{F}", p => p.NtkChange, yLog: true,
            "Relative Frobenius change of the empirical NTK on the probe batch between initialisation and the end of training: large in the feature " +
            "regime (small α√m), vanishing in the lazy regime. Orange dotted (left): the claim's limits on the lazy-side slope, 0 and -2 " +
            "((α√m)^(-a), 0 < a < 2), through the seed mean at α√m = 1.", limits: (0, -2));
        yield return THalfFigure(points, Points(results.Done, control: true), featureMax);
        yield return PerWidth(points, "ntk_min_eigenvalue.svg", "Smallest eigenvalue of the empirical NTK at the end of training",
            "λ_{min}(Θ(T))", p => p.NtkMinEigenvalue, yLog: true,
            "Smallest eigenvalue of the probe-batch NTK at the end of training (seed 003: the PL-condition constant of the linearised model).");
        var fluctuation = results.Done.Where(r => r.Config.IsFluctuation && !r.Diverged).ToList();
        if (fluctuation.Count > 0) yield return FluctuationFigure(fluctuation);
    }

    /// <summary>
    /// delta F against width: every replicate's points, the seed mean, m^(-1/2) and the claim's limits m^(-0.25), m^(-0.75) through the mean at the smallest
    /// width; below, the residual ln delta F minus that m^(-1/2) line, with the claim's limits in the same units.
    /// </summary>
    private static ReportFigure FluctuationFigure(List<RunView<LazyVsFeatureRun>> runs)
    {
        var fig = Figure.Grid(2, 1, "Output fluctuations over initialisations against width: theory m^{-1/2} (top) and residual (bottom)", 760, 760, shareX: true);
        var ax = fig.AddPanel("width m", "δF = (mean_x Var_{init} F(x))^{1/2}", xLog: true, yLog: true);
        var res = fig.AddPanel("width m", "ln δF − ln(theory m^{-1/2})", xLog: true, title: "residual against the seed's m^{-1/2}");
        ax.LegendPosition = LegendPosition.OutsideRight;
        res.LegendPosition = LegendPosition.OutsideRight;
        ax.Scatter(runs.Select(r => (double)r.Config.Width), runs.Select(r => r.Final(OutputFluctuation)), "one replicate", Color.Parse("#999999"));
        var mean = runs.GroupBy(r => r.Config.Width).OrderBy(g => g.Key).Select(g => (M: (double)g.Key, F: g.Average(r => r.Final(OutputFluctuation)))).ToList();
        ax.Line(mean.Select(p => p.M), mean.Select(p => p.F), "mean over replicates", Color.Parse("#000000"), marker: Marker.Circle);
        var (m0, f0) = mean[0];
        var ms = mean.Select(p => p.M).ToArray();
        ax.Line(ms, ms.Select(m => f0 * Math.Pow(m / m0, -0.5)), "∝ m^{-1/2} (seed)", Color.Parse("#0072B2"), LineStyle.Dashed);
        foreach (var slope in new[] { -0.25, -0.75 })
            ax.Line(ms, ms.Select(m => f0 * Math.Pow(m / m0, slope)), $"claim limit ∝ m^{{{slope}}}", Color.Parse("#D55E00"), LineStyle.Dotted);

        // residual against the drawn theory line f0 (m / m0)^(-1/2); a slope s line becomes (s + 1/2) ln(m / m0)
        double Theory(double m) => Math.Log(f0) - 0.5 * Math.Log(m / m0);
        var ok = runs.Where(r => r.Final(OutputFluctuation) > 0).ToList();
        res.Scatter(ok.Select(r => (double)r.Config.Width), ok.Select(r => Math.Log(r.Final(OutputFluctuation)) - Theory(r.Config.Width)), "one replicate", Color.Parse("#999999"));
        res.Line(mean.Select(p => p.M), mean.Select(p => Math.Log(p.F) - Theory(p.M)), "mean over replicates", Color.Parse("#000000"), marker: Marker.Circle);
        res.HLine(0, "theory m^{-1/2}", Color.Parse("#0072B2"));
        foreach (var slope in new[] { -0.25, -0.75 })
            res.Line(ms, ms.Select(m => (slope + 0.5) * Math.Log(m / m0)), $"claim limit slope {Claim.Format(slope)}", Color.Parse("#D55E00"), LineStyle.Dotted);
        var c = runs[0].Config;
        return new ReportFigure("output_fluctuation.svg",
            $"Output fluctuations δF over {c.Inits} initialisations trained on the same data at α√m = {Claim.Format(c.Scale)}, against the width (log-log). " +
            "Grey: one replicate; black: mean over replicates; blue dashed: the seed's m^{-1/2}; orange dotted: the claim's limits on the fitted slope " +
            "(-0.25 and -0.75), drawn through the mean at the smallest width. Bottom: the residual ln δF minus the ln of the blue m^{-1/2} line (0 on the line; " +
            "a straight trend is a slope other than -1/2), with the claim's limits in the same units, (s + 1/2) ln(m / m_{min}) for s = -0.25 and -0.75.", fig.ToSvg());
    }

    /// <summary>A quantity per width against alpha sqrt(m) (left) and against alpha (right).</summary>
    private static ReportFigure PerWidth(List<GridPoint> points, string file, string title, string yLabel, Func<GridPoint, MeanStd> value, bool yLog, string caption,
        (double Low, double High)? limits = null)
    {
        var fig = Figure.Grid(1, 2, title, 1100, 440);
        var byScale = fig.AddPanel("α√m", yLabel, xLog: true, yLog: yLog);
        var byAlpha = fig.AddPanel("α", yLabel, xLog: true, yLog: yLog);
        byScale.LegendPosition = LegendPosition.OutsideRight;
        byAlpha.LegendPosition = LegendPosition.Hidden;
        foreach (var g in points.GroupBy(p => p.Width))
        {
            var ok = g.Where(p => double.IsFinite(value(p).Mean) && (!yLog || value(p).Mean > 0)).ToList();
            var line = byScale.Line(ok.Select(p => p.Scale), ok.Select(p => value(p).Mean), $"m = {g.Key}", marker: Marker.Circle);
            byAlpha.Line(ok.Select(p => p.Scale / Math.Sqrt(p.Width)), ok.Select(p => value(p).Mean), $"m = {g.Key}", line.Color, marker: Marker.Circle);
        }

        byScale.VLine(1, "α√m = 1");
        if (limits is { } l)
        {
            // the claim's limits on the lazy-side exponent, through the seed-mean value at alpha sqrt(m) = 1
            var lazy = points.Where(p => p.Scale >= 1 && double.IsFinite(value(p).Mean) && value(p).Mean > 0).ToList();
            var at1 = lazy.Where(p => p.Scale == lazy.Min(q => q.Scale)).ToList();
            if (at1.Count > 0)
            {
                double x0 = at1[0].Scale, y0 = Math.Exp(at1.Average(p => Math.Log(value(p).Mean)));
                var xs = lazy.Select(p => p.Scale).Distinct().Order().ToArray();
                foreach (var slope in new[] { l.Low, l.High })
                    byScale.Line(xs, xs.Select(x => y0 * Math.Pow(x / x0, slope)), $"claim limit slope {Claim.Format(slope)}", Color.Parse("#D55E00"), LineStyle.Dotted);
            }
        }

        return new ReportFigure(file, caption, fig.ToSvg());
    }

    /// <summary>
    /// Geiger et al. (2020) Fig. 3(b): test error against width, one line per alpha sqrt(m), mean ± std over seeds, and the frozen-NTK
    /// predictor's test error (black solid) where its runs exist.
    /// </summary>
    private static ReportFigure TestErrorVsWidth(List<GridPoint> points, List<RunView<LazyVsFeatureRun>> frozen, List<List<(int Width, double Gap)>> gaps)
    {
        var fig = frozen.Count > 0
            ? Figure.Grid(1, 2, "Test error against width at fixed α√m (left) and the lazy end's gap to the frozen NTK (right)", 1500, 460)
            : new Figure("Test error against width at fixed α√m", 860, 460);
        var ax = fig.AddPanel("width m", "test error", xLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var g in points.GroupBy(p => p.Scale).OrderBy(g => g.Key))
        {
            var ok = g.Where(p => double.IsFinite(p.TestError.Mean)).OrderBy(p => p.Width).ToList();
            ax.BandStd(ok.Select(p => (double)p.Width), ok.Select(p => p.TestError.Mean), ok.Select(p => p.TestError.Std), $"α√m = {Claim.Format(g.Key)}");
        }

        var baseline = frozen.GroupBy(r => r.Config.Width).OrderBy(g => g.Key).Select(g => (M: (double)g.Key, E: MeanStd.Of(g.Select(r => r.Final(TestError))))).ToList();
        if (baseline.Count > 0)
            ax.Line(baseline.Select(b => b.M), baseline.Select(b => b.E.Mean), "frozen NTK at init (α√m → ∞)", Color.Parse("#000000"), LineStyle.Dashed, marker: Marker.Circle);

        if (frozen.Count > 0)
        {
            // lazy-end-reaches-frozen-ntk's statistic per width and replicate, with its tolerance
            var gap = fig.AddPanel("width m", "|test error at the largest α√m − frozen NTK|", xLog: true, title: "lazy-end-reaches-frozen-ntk");
            gap.LegendPosition = LegendPosition.OutsideRight;
            var each = gaps.SelectMany(g => g).Where(q => double.IsFinite(q.Gap)).ToList();
            gap.Scatter(each.Select(q => (double)q.Width), each.Select(q => q.Gap), "one replicate", Color.Parse("#999999"));
            var byWidth = each.GroupBy(q => q.Width).OrderBy(g => g.Key).ToList();
            gap.Line(byWidth.Select(g => (double)g.Key), byWidth.Select(g => g.Average(q => q.Gap)), "mean over replicates", Color.Parse("#000000"), marker: Marker.Circle);
            gap.HLine(FrozenNtkTolerance, $"tolerance {Claim.Format(FrozenNtkTolerance)} (claim: below)", Palette.Series(1));
            gap.YLim(0, null);
        }

        return new ReportFigure("test_error_vs_width.svg",
            "Test error at the end of training against the width m, one curve per α√m (mean ± std over seeds), as Geiger et al. (2020) Fig. 3(b). " +
            (baseline.Count > 0
                ? "Black dashed with circles (Geiger et al. draw it solid; dashed here so that it shows on top of the near-black largest-α√m curve): the frozen-NTK predictor (gradient descent of the model linearised at initialisation, same data, initial weights, loss, " +
                  "step and stop rule; mean over seeds), the α√m → ∞ limit the lazy curves should approach. "
                : "Without the frozen-NTK line (frozen-ntk-baseline=false). ") +
            "Curves that fall with m at large α√m show the lazy plateau's width dependence." +
            (frozen.Count > 0
                ? $" Right: the statistic of lazy-end-reaches-frozen-ntk, |test error of the grid run at the largest α√m − the frozen-NTK predictor's test error| " +
                  $"per width (grey: one replicate; black: mean over replicates), with the claim's tolerance {Claim.Format(FrozenNtkTolerance)} (it must hold at every width)."
                : ""), fig.ToSvg());
    }

    private static ReportFigure THalfFigure(List<GridPoint> points, List<GridPoint> controls, double featureMax)
    {
        var fig = new Figure("Time to halve the loss, t_{L/2}, against α√m", 860, 460);
        var ax = fig.AddPanel("α√m", "t_{L/2} (GD time, steps × η)", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var g in points.GroupBy(p => p.Width))
        {
            var ok = g.Where(p => p.THalf.Mean > 0).ToList();
            var line = ax.Line(ok.Select(p => p.Scale), ok.Select(p => p.THalf.Mean), $"m = {g.Key}", marker: Marker.Circle);
            var control = controls.Where(p => p.Width == g.Key && p.THalf.Mean > 0).ToList();
            if (control.Count > 0)
                ax.Line(control.Select(p => p.Scale), control.Select(p => p.THalf.Mean), $"m = {g.Key}, fixed step", line.Color, LineStyle.Dotted, marker: Marker.Square);
        }

        var feature = FeaturePoints(points, featureMax);
        var (exponent, prefactor) = PowerLawFit.Fit(feature.Select(p => (p.Scale, p.THalf.Mean)));
        if (double.IsFinite(exponent))
        {
            var xs = feature.Select(p => p.Scale).Distinct().Order().ToArray();
            ax.Line(xs, xs.Select(x => prefactor * Math.Pow(x, exponent)), $"fit ∝ (α√m)^{{{Claim.Format(exponent)}}}", Color.Parse("#000000"), LineStyle.Dashed);
            // the claim's limits on the exponent, through the fit at the smallest alpha sqrt(m)
            double x0 = xs[0], y0 = prefactor * Math.Pow(x0, exponent);
            foreach (var limit in new[] { 0.7, 1.3 })
                ax.Line(xs, xs.Select(x => y0 * Math.Pow(x / x0, limit)), $"claim limit slope {Claim.Format(limit)}", Color.Parse("#D55E00"), LineStyle.Dotted);
        }

        ax.ShadeX(double.NegativeInfinity, featureMax, "feature regime (fit range)", Color.Parse("#56B4E9"));
        return new ReportFigure("t_half.svg",
            "Time t_{L/2} at which the loss first falls to half its initial value, against α√m on log axes (circles: the grid, step ∝ α√m; squares, dotted: " +
            "the fixed-step control). Feature regime: t_{L/2} ∝ α√m (slope 1); lazy regime: t_{L/2} = O(1). Orange dotted: the claims' limits on the " +
            "fitted slope (0.7 and 1.3).", fig.ToSvg());
    }
}

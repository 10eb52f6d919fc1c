using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.ImplicitBias.ImplicitBiasMetrics;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>The family's figures, drawn from the stored runs (replicate 0).</summary>
public sealed partial class ImplicitBiasExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<ImplicitBiasRun> results)
    {
        var linear = results.Done.Where(r => r.Config.IsLinear && r.Replicate == 0).OrderBy(r => r.Config.Dim).ThenBy(r => r.Config.Loss).ToList();
        // every replicate's run of each (loss, d), as the claims take them (diverged runs left out), for the claims' statistic panels
        var conditions = results.Done.Where(r => r.Config.IsLinear && !r.Diverged).OrderBy(r => r.Config.Dim).ThenBy(r => r.Config.Loss)
            .GroupBy(r => Label(r.Config)).ToList();
        if (linear.Count > 0)
        {
            yield return MarginFigure(linear, conditions);
            yield return GapFigure(linear);
            yield return AngleFigure(linear, conditions);
            var planar = linear.Where(r => r.Config.Dim == 2).ToList();
            if (planar.Count > 0) yield return BoundaryFigure(planar);
        }

        var nets = results.Done.Where(r => !r.Config.IsLinear && r.Replicate == 0).ToList();
        if (nets.Count > 0) yield return NetFigure(nets, results.Done.Where(r => !r.Config.IsLinear).OrderBy(r => r.Config.Loss).GroupBy(r => EnumNames.Of(r.Config.Loss)).ToList());
    }

    /// <summary>
    /// A claim's statistic per replicate, one column per condition (replicates side by side, the mean over them as a bar), with the
    /// claim's threshold; replicates without a value are left out.
    /// </summary>
    private static void StatisticPanel(Axes ax, IReadOnlyList<IGrouping<string, RunView<ImplicitBiasRun>>> conditions, Func<RunView<ImplicitBiasRun>, double> statistic,
        ClaimSpec claim)
    {
        ax.X.SetCategories(conditions.Select(g => g.Key).ToList());
        ax.XLim(-0.5, Math.Max(1, conditions.Count) - 0.5);   // every linear run diverged: no condition, an empty panel
        ax.LegendPosition = LegendPosition.OutsideRight;
        var points = conditions.SelectMany((g, i) =>
        {
            var runs = g.OrderBy(r => r.Replicate).ToList();
            return runs.Select((r, k) => (X: i + (runs.Count == 1 ? 0 : 0.5 * ((double)k / (runs.Count - 1) - 0.5)), Y: statistic(r)));
        }).Where(p => double.IsFinite(p.Y)).ToList();
        for (int i = 0; i < conditions.Count; i++)
        {
            var values = conditions[i].Select(statistic).Where(double.IsFinite).ToList();
            if (values.Count > 0)
                ax.Line([i - 0.3, i + 0.3], [values.Average(), values.Average()], i == 0 ? "mean over replicates" : null, Color.Parse("#000000"), width: 2.4);
        }

        // the replicates after the bars, so that they show on top of them
        ax.Scatter(points.Select(p => p.X), points.Select(p => p.Y), "one replicate", Color.Parse("#999999"));

        bool below = claim.Rule.Kind == RuleKind.Below;
        double threshold = below ? claim.Rule.High : claim.Rule.Low;
        ax.HLine(threshold, $"threshold {Claim.Format(threshold)} (claim: {(below ? "below" : "above")})", Palette.Series(1));
    }

    /// <summary>gamma(w_t) and the smooth margin against ln t, one panel per loss, at the largest dimension, with gamma* as a line.</summary>
    private static ReportFigure MarginFigure(List<RunView<ImplicitBiasRun>> linear, IReadOnlyList<IGrouping<string, RunView<ImplicitBiasRun>>> conditions)
    {
        int dim = linear.Max(r => r.Config.Dim);
        var runs = linear.Where(r => r.Config.Dim == dim).ToList();
        var fig = Figure.Grid(1, runs.Count + 1, $"Normalised and smooth margin of GD from w = 0 (d = {dim}); right: margin-approaches-max's statistic", 520.0 * (runs.Count + 1) + 360, 420);
        foreach (var r in runs)
        {
            var ax = fig.AddPanel("ln t", "margin", title: $"{EnumNames.Of(r.Config.Loss)} loss");
            var margin = r.Series(Margin);
            var smooth = r.Series(SmoothMargin).Where(p => p.Value > 0).ToArray();
            ax.Line(margin.Select(p => Math.Log(p.Step)), margin.Select(p => p.Value), "γ(w_{t}) normalised margin");
            ax.Line(smooth.Select(p => Math.Log(p.Step)), smooth.Select(p => p.Value), "γ̃(w_{t}) smooth margin", style: LineStyle.Dashed);
            ax.HLine(r.Initial(MaxMargin), "max margin γ* (SVM)", Color.Parse("#000000"));
            var bound = margin.Select(p => (p.Step, Bound: MarginGapRate.TelgarskyBound(p.Step, r.Config.Points, r.Initial(MaxMargin)))).Where(p => p.Bound > 0).ToArray();
            if (bound.Length > 0)
                ax.Line(bound.Select(p => Math.Log(p.Step)), bound.Select(p => p.Bound), "seed's bound γ* − ln n / τ(t)", Color.Parse("#CC79A7"), LineStyle.Dotted);
            ax.YLim(0, r.Initial(MaxMargin) * 1.1);
            ax.LegendPosition = r == runs[^1] ? LegendPosition.OutsideRight : LegendPosition.Hidden;
        }

        var claim = fig.AddPanel("(loss, d)", $"gap(T) / gap(t ≥ {EarlyStep})", title: "margin-approaches-max");
        StatisticPanel(claim, conditions, r => Shrink(r.Series(Gap)), MarginApproachesMax);
        return new ReportFigure("margins.svg",
            "Normalised margin γ(w_t) = min_i y_i⟨w_t, x_i⟩ / ‖w_t‖ and smooth margin -ln Σ_i e^{-m_i} / ‖w_t‖ against ln t, with the hard-margin SVM's γ* " +
            "from the exact solver. The smooth margin lower-bounds γ and both approach γ* slowly, roughly linearly in 1/ln t. The seed's Theorem 15.1 bound " +
            "γ* − ln n / τ(t) is drawn (dotted) only where it is positive: at n = 100 it is vacuous until ln t ≈ 30-50, so at the presets' t it is absent. " +
            $"Right: the statistic of margin-approaches-max, the gap γ* − γ(w_t) at T over its value at the first checkpoint t ≥ {EarlyStep}, for every replicate " +
            $"(grey) and its mean (black bar) in each (loss, d), with the claim's threshold {Claim.Format(MarginApproachesMax.Rule.High)} (below it: the gap shrank to less than half).", fig.ToSvg());
    }

    /// <summary>
    /// The gap gamma* - gamma(w_t) on log-log axes, left against the seed's clock tau(t) (Theorem 15.1's denominator: gap-rate-1-over-ln-t), right
    /// against Soudry et al.'s clock gamma* ||w_t|| (gap-rate-soudry-clock), each with the claim's band of slopes -0.7 and -1.3 from the first fitted point.
    /// </summary>
    private static ReportFigure GapFigure(List<RunView<ImplicitBiasRun>> linear)
    {
        var fig = Figure.Grid(1, 2, "Margin gap γ* − γ(w_t) against the seed's clock τ(t) (left) and Soudry et al.'s clock γ*‖w_t‖ (right)", 1340, 460);
        var seedClock = fig.AddPanel("τ(t) = ln t + ln(2nγ*²) − ln ln(2tneγ*²)", "γ* − γ(w_{t})", xLog: true, yLog: true, title: "gap-rate-1-over-ln-t");
        var soudry = fig.AddPanel("γ* ‖w_{t}‖", "γ* − γ(w_{t})", xLog: true, yLog: true, title: "gap-rate-soudry-clock");
        seedClock.LegendPosition = LegendPosition.Hidden;
        soudry.LegendPosition = LegendPosition.OutsideRight;
        bool banded = false;
        foreach (var r in linear)
        {
            double gammaStar = r.Initial(MaxMargin);
            int n = r.Config.Points;
            var norm = r.Series(Norm).ToDictionary(p => p.Step, p => p.Value);
            var gap = r.Series(Gap).Where(p => p.Step >= 3 && p.Value > 0 && norm.ContainsKey(p.Step)).ToArray();
            var seed = gap.Where(p => MarginGapRate.TelgarskyClock(p.Step, n, gammaStar) > 0).ToArray();
            var line = seedClock.Line(seed.Select(p => MarginGapRate.TelgarskyClock(p.Step, n, gammaStar)), seed.Select(p => p.Value), Label(r.Config));
            soudry.Line(gap.Select(p => gammaStar * norm[p.Step]), gap.Select(p => p.Value), Label(r.Config), line.Color);
            var late = gap.Where(q => q.Step >= Math.Pow(r.Config.Steps, MarginGapRate.FitFrom) && MarginGapRate.TelgarskyClock(q.Step, n, gammaStar) > 0).ToArray();
            if (late.Length < 2) continue;
            foreach (var (ax, clock) in new[] { (seedClock, (Func<int, double>)(t => MarginGapRate.TelgarskyClock(t, n, gammaStar))), (soudry, t => gammaStar * norm[t]) })
            {
                double x0 = clock(late[0].Step), x1 = clock(late[^1].Step), y0 = late[0].Value;
                foreach (double slope in new[] { 0.7, 1.3 })
                    ax.Line([x0, x1], [y0, y0 * Math.Pow(x1 / x0, -slope)], banded ? null : $"claim's band: slope −{Claim.Format(slope)}", Color.Parse("#000000"), LineStyle.Dotted);
            }

            banded = true;
        }

        return new ReportFigure("gap_rate.svg",
            "The gap between the max margin and the normalised margin on log-log axes, replicate 0, each (loss, d). Left: against the clock the seed states, the " +
            "denominator τ(t) of its Theorem 15.1, on which gap-rate-1-over-ln-t fits the exponent p over t ≥ T^{3/4}. Right: against Soudry et al.'s clock " +
            "γ*‖w_t‖ = ln t + O(1) (their Thm 3), gap-rate-soudry-clock. Dotted black: the claims' band, slopes −0.7 and −1.3, drawn from the first fitted point " +
            "over the fitted range: a 1/clock gap runs between them.", fig.ToSvg());
    }

    private static ReportFigure AngleFigure(List<RunView<ImplicitBiasRun>> linear, IReadOnlyList<IGrouping<string, RunView<ImplicitBiasRun>>> conditions)
    {
        var fig = Figure.Grid(1, 2, "Angle between w_t and the max-margin direction w* (left, replicate 0) and angle-to-max-margin-vanishes's statistic (right)", 1500, 460);
        var ax = fig.AddPanel("t (steps)", "angle (degrees)", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var r in linear)
        {
            var angle = r.Series(Angle).Where(p => p.Value > 0).ToArray();
            ax.Line(angle.Select(p => (double)p.Step), angle.Select(p => Degrees(p.Value)), Label(r.Config));
        }

        ax.VLine(EarlyStep, $"t = {EarlyStep}");
        var claim = fig.AddPanel("(loss, d)", $"angle(T) / angle(t ≥ {EarlyStep})", title: "angle-to-max-margin-vanishes");
        StatisticPanel(claim, conditions, r => Shrink(r.Series(Angle)), AngleVanishes);
        return new ReportFigure("angle.svg",
            "Left: angle ∠(w_t, w*) against the step t (log-log), replicate 0: it tends to 0, slowly (like 1/ln t); the grey dashed line marks the claim's " +
            $"early reference checkpoint t = {EarlyStep}. Right: the statistic of angle-to-max-margin-vanishes, the angle at T over the angle at the first checkpoint " +
            $"t ≥ {EarlyStep}, for every replicate (grey) and its mean (black bar) in each (loss, d), with the claim's threshold {Claim.Format(AngleVanishes.Rule.High)}.", fig.ToSvg());
    }

    /// <summary>The 2-D data with the decision boundaries w0 + w1 x1 + w2 x2 = 0 at a few checkpoints and the SVM's.</summary>
    private ReportFigure BoundaryFigure(List<RunView<ImplicitBiasRun>> planar)
    {
        var fig = Figure.Grid(1, planar.Count, "Decision boundaries of GD over time (2-D data, boundary w_{0} + w_{1}x_{1} + w_{2}x_{2} = 0)", 520.0 * planar.Count + 200, 480);
        foreach (var r in planar)
        {
            var data = DataOf(r.Config, r.Replicate);
            var ax = fig.AddPanel("x_{1}", "x_{2}", title: $"{EnumNames.Of(r.Config.Loss)} loss");
            double lo = Enumerable.Range(0, data.Count).Min(i => Math.Min(data.Raw[2 * i], data.Raw[2 * i + 1])) - 0.3;
            double hi = Enumerable.Range(0, data.Count).Max(i => Math.Max(data.Raw[2 * i], data.Raw[2 * i + 1])) + 0.3;
            foreach (int sign in new[] { 1, -1 })
            {
                var rows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == sign).ToArray();
                ax.Scatter(rows.Select(i => data.Raw[2 * i]), rows.Select(i => data.Raw[2 * i + 1]), sign > 0 ? "y = +1" : "y = -1",
                    Color.Parse(sign > 0 ? "#0072B2" : "#D55E00"), sign > 0 ? Marker.Circle : Marker.Triangle, 3.5);
            }

            var steps = r.Series(Weight.At(0)).Select(p => p.Step).ToArray();
            var picks = new[] { 1, 10, 100, 1000, 10_000, 100_000, 1_000_000 }.Where(t => t <= r.Config.Steps)
                .Select(t => steps.MinBy(s => Math.Abs(Math.Log((double)s / t)))).Append(r.Config.Steps).Distinct().ToList();
            for (int k = 0; k < picks.Count; k++)
                Boundary(ax, r.At(Weight.At(0), picks[k]), r.At(Weight.At(1), picks[k]), r.At(Weight.At(2), picks[k]), lo, hi, $"t = {picks[k]}",
                    Colormap.Viridis(picks.Count == 1 ? 0 : 0.85 * k / (picks.Count - 1)), LineStyle.Solid);
            Boundary(ax, r.Initial(MaxMarginDirection.At(0)), r.Initial(MaxMarginDirection.At(1)), r.Initial(MaxMarginDirection.At(2)), lo, hi, "max margin w*", Color.Parse("#000000"), LineStyle.Dashed);
            ax.XLim(lo, hi);
            ax.YLim(lo, hi);
            ax.LegendPosition = r == planar[^1] ? LegendPosition.OutsideRight : LegendPosition.Hidden;
        }

        return new ReportFigure("boundaries.svg",
            "The 2-D training set and GD's decision boundary at log-spaced steps (early: dark, late: light) beside the hard-margin SVM boundary (black dashed); " +
            "the boundary turns towards the SVM's as t grows.", fig.ToSvg());
    }

    private static void Boundary(Axes ax, double w0, double w1, double w2, double lo, double hi, string label, Color color, LineStyle style)
    {
        if (!double.IsFinite(w0 + w1 + w2) || (w1 == 0 && w2 == 0)) return;
        var xs = Enumerable.Range(0, 201).Select(i => lo + (hi - lo) * i / 200.0).ToArray();
        if (Math.Abs(w2) >= Math.Abs(w1))
            ax.Line(xs, xs.Select(x1 => -(w0 + w1 * x1) / w2), label, color, style);
        else
            ax.Line(xs.Select(x2 => -(w0 + w2 * x2) / w1), xs, label, color, style);
    }

    private static ReportFigure NetFigure(List<RunView<ImplicitBiasRun>> nets, IReadOnlyList<IGrouping<string, RunView<ImplicitBiasRun>>> byLoss)
    {
        var fig = Figure.Grid(1, 3, $"Two-layer homogeneous ReLU net (width {nets[0].Config.Width}), 2-D data, replicate 0; right: net-margin-increases's statistic", 1900, 420);
        var margin = fig.AddPanel("t (steps)", "margin / ‖θ‖^{2}", xLog: true, title: "normalised (solid) and smooth (dashed) margin");
        var loss = fig.AddPanel("t (steps)", "training loss", xLog: true, yLog: true, title: "loss");
        foreach (var r in nets)
        {
            var m = r.Series(Margin).Where(p => p.Step > 0).ToArray();
            var s = r.Series(SmoothMargin).Where(p => p.Step > 0 && p.Value > 0).ToArray();
            var line = margin.Line(m.Select(p => (double)p.Step), m.Select(p => p.Value), EnumNames.Of(r.Config.Loss));
            margin.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), null, line.Color, LineStyle.Dashed);
            var l = r.Series(Loss).Where(p => p.Step > 0 && p.Value > 0).ToArray();
            loss.Line(l.Select(p => (double)p.Step), l.Select(p => p.Value), EnumNames.Of(r.Config.Loss), line.Color);
        }

        margin.HLine(0, null, Color.Parse("#888888"), LineStyle.Dotted);
        margin.LegendPosition = LegendPosition.OutsideRight;
        loss.LegendPosition = LegendPosition.OutsideRight;
        var claim = fig.AddPanel("loss", "fraction of checkpoints after t_{fit} where γ rises", title: "net-margin-increases");
        StatisticPanel(claim, byLoss, r => RisingAfterFit(r, FittedStep(r)), NetMarginIncreases);
        claim.YLim(0, 1.05);
        return new ReportFigure("homogeneous_net.svg",
            "Normalised margin min_i y_i f(x_i) / ‖θ‖² of the 2-homogeneous ReLU net f(x) = Σ_j a_j relu(v_j·x) under GD with the loss-scaled step " +
            "η/L(θ_t), replicate 0; after the data are fitted (margin > 0) it increases, as Lyu & Li (2019) prove for the smooth margin. " +
            "Right: the statistic of net-margin-increases, the fraction of the checkpoints after t_fit (the first at which every point is classified correctly) " +
            "at which γ is above its value at the previous checkpoint, for every replicate (grey; a run that diverged or never fitted the data has none) and its mean " +
            $"(black bar) per loss, with the claim's threshold {Claim.Format(NetMarginIncreases.Rule.Low)} (above it: more rises than falls).", fig.ToSvg());
    }
}

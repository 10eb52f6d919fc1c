using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.DeepLinear.DeepLinearMetrics;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>The family's figures: simulation and theory on the same axes.</summary>
public sealed partial class DeepLinearExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<DeepLinearRun> results)
    {
        var decoupled = results.Done.Where(r => r.Config.Kind == RunKind.Decoupled && r.Replicate == 0).ToList();
        var shallow = decoupled.Where(r => r.Config.Depth == 2).OrderBy(r => r.Config.Task == TaskKind.Hierarchy).ToList();
        if (shallow.Count > 0) yield return ModeFigure("modes.svg", shallow,
            "Mode strengths u_α(t) of the 3-layer linear net (full-batch GD, decoupled initial conditions u_0) as solid lines, " +
            "the analytic u_f(t) = s e^{2st/τ}/(e^{2st/τ} − 1 + s/u_0) as dashed lines of the same colour, time in units of τ. " +
            "Right: the hierarchy task's modes (one singular value per tree level) are learned in stages, strongest first.");
        var deep = decoupled.Where(r => r.Config.Depth != 2).OrderBy(r => r.Config.Depth).ToList();
        if (deep.Count > 0) yield return ModeFigure("deep_modes.svg", deep,
            "Mode strengths of deeper linear nets (D weight matrices, balanced decoupled initial conditions) as solid lines, " +
            "the reduced ODE τ du/dt = D u^{2−2/D}(s − u) integrated by RK4 as dashed lines; deeper nets have longer plateaus and sharper transitions.");
        var random = results.Done.Where(r => r.Config.Kind == RunKind.RandomSmall).OrderBy(r => r.Replicate).ToList();
        if (random.Count > 0) yield return RandomInitFigure(random);
        var times = LearningTimes(results);
        if (times.Count > 0)
        {
            yield return DepthFigure(results, times);
            yield return LossFigure(results, shallow, times.Max(t => t.Depth));
        }
    }

    private static ReportFigure ModeFigure(string file, List<RunView<DeepLinearRun>> runs, string caption)
    {
        var fig = Figure.Grid(2, runs.Count, "Mode strengths: simulation (solid) vs theory (dashed); residuals below", 560 * runs.Count + 80, 720);
        var top = new List<Axes>();
        foreach (var run in runs)
            top.Add(fig.AddPanel("t / τ", "u_{α}(t)", title: $"{EnumNames.Of(run.Config.Task)}, D = {run.Config.Depth}, u_0 = {Claim.Format(run.Config.InitialStrength)}"));
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var c = run.Config;
            var ax = top[i];
            ax.LegendPosition = LegendPosition.OutsideRight;
            var res = fig.AddPanel("t / τ", "(u − theory) / s", title: "residual");
            res.LegendPosition = LegendPosition.OutsideRight;
            foreach (int a in Modes(run))
            {
                var series = run.Series(ModeStrength.At(a));
                double s = run.Initial(SingularValue.At(a));
                var steps = series.Select(p => (double)p.Step).ToArray();
                var theory = Theory(c, s, steps);
                var color = Palette.Series(a);
                ax.Line(steps.Select(t => t / c.Tau), series.Select(p => p.Value), $"α={a}, s={Claim.Format(s)}", color);
                ax.Line(steps.Select(t => t / c.Tau), theory, null, color, LineStyle.Dashed);
                res.Line(steps.Select(t => t / c.Tau), series.Select((p, k) => (p.Value - theory[k]) / s), $"α={a}", color);
            }

            res.HLine(CurveTolerance, $"check tolerance ±{Claim.Format(CurveTolerance)}", Color.Parse("#999999"));
            res.HLine(-CurveTolerance, null, Color.Parse("#999999"));
        }

        return new ReportFigure(file, caption + " Bottom row: (u − theory)/s with the check's tolerance.", fig.ToSvg());
    }

    private static ReportFigure RandomInitFigure(List<RunView<DeepLinearRun>> runs)
    {
        var fig = Figure.Grid(1, 3, "Small random init: mode strengths follow the time-shifted u_f(t)", 1700, 440);
        var first = runs[0];
        var c = first.Config;
        var ax = fig.AddPanel("t / τ", "u_{α}(t)", title: $"seed {first.Replicate}: simulation (solid), u_f(t − Δ_α) (dashed)");
        ax.LegendPosition = LegendPosition.OutsideRight;
        var res = fig.AddPanel("t / τ", "(u − u_f(t − Δ)) / s", title: "residual, every seed");
        res.LegendPosition = LegendPosition.OutsideRight;
        foreach (var (run, seed) in runs.Select((r, i) => (r, i)))
        {
            foreach (var (a, fit) in Modes(run).Zip(AlignedFits(run)))
            {
                if (double.IsNaN(fit.Shift)) continue;
                var series = run.Series(ModeStrength.At(a));
                var t = series.Select(p => p.Step / c.Tau).ToArray();
                var theory = series.Select(p => SaxeDynamics.Analytic(fit.S, c.InitialStrength, c.Tau, p.Step - fit.Shift)).ToArray();
                var color = Palette.Series(a);
                if (seed == 0)
                {
                    ax.Line(t, series.Select(p => p.Value), $"α={a}, s={Claim.Format(fit.S)}", color);
                    ax.Line(t, theory, null, color, LineStyle.Dashed);
                }

                res.Line(t, series.Select((p, k) => (p.Value - theory[k]) / fit.S), seed == 0 ? $"α={a}" : null, color);
            }
        }

        res.HLine(AlignedTolerance, $"claim threshold ±{Claim.Format(AlignedTolerance)}", Color.Parse("#D55E00"));
        res.HLine(-AlignedTolerance, null, Color.Parse("#D55E00"));
        var stat = fig.AddPanel("seed", "max_α,t |u − u_f(t − Δ)| / s", title: "claim statistic per seed");
        stat.LegendPosition = LegendPosition.OutsideRight;
        stat.Scatter(runs.Select(r => (double)r.Replicate), runs.Select(AlignedError), "per seed", Palette.Series(0));
        stat.HLine(AlignedTolerance, $"threshold {Claim.Format(AlignedTolerance)}", Color.Parse("#D55E00"));
        stat.YLim(0, Math.Max(2 * AlignedTolerance, runs.Max(AlignedError) * 1.1));
        return new ReportFigure("random_init_modes.svg",
            $"3-layer linear net (width {c.Width}) from small random Gaussian weights (|u_α(0)| ~ {Claim.Format(c.InitialStrength)}), full-batch GD on the spectrum task. " +
            "Left: one seed's mode strengths with the analytic sigmoid shifted to each mode's own half-crossing. Middle: residuals of every seed with the claim's ±threshold. " +
            "Right: the claim's per-seed statistic (worst mode) and its threshold.", fig.ToSvg());
    }

    private static ReportFigure DepthFigure(Results<DeepLinearRun> results, List<LearningTime> times)
    {
        var fig = Figure.Grid(1, 2, "Learning time vs depth (learning rate η/D), mean ± std over seeds; the depth claims per seed", 1500, 440);
        var ax = fig.AddPanel("depth D (weight matrices)", "steps to criterion", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        var stats = fig.AddPanel("seed", "claim statistic", title: "per seed, with the claims' thresholds");
        stats.LegendPosition = LegendPosition.OutsideRight;
        var depths = times.Select(t => t.Depth).Distinct().Order().ToList();
        if (depths.Count >= 2)
        {
            var growth = results.ByReplicate.Select(g => (g.Key, DepthGrowthLogRatio(g.ToList(), depths[0], depths[^1]))).ToList();
            stats.Scatter(growth.Select(p => (double)p.Key), growth.Select(p => p.Item2), $"orthogonal-depth: ln growth ratio D {depths[0]} → {depths[^1]}", Palette.Series(1), Marker.Circle, 5);
            stats.HLine(Math.Log(DepthGrowthRatio), "orthogonal-depth threshold ln 2", Palette.Series(1));
        }

        if (depths.Contains(IndependenceShallow) && depths.Contains(IndependenceDeep))
        {
            var ratio = results.ByReplicate.Select(g => (g.Key, IndependenceRatio(g.ToList()))).ToList();
            stats.Scatter(ratio.Select(p => (double)p.Key), ratio.Select(p => p.Item2), $"independence: T({IndependenceDeep}) / T({IndependenceShallow})", Palette.Series(0), Marker.Square, 5);
            stats.HLine(1 / IndependenceBand, $"independence band [{Claim.Format(1 / IndependenceBand)}, {Claim.Format(IndependenceBand)}]", Palette.Series(0));
            stats.HLine(IndependenceBand, null, Palette.Series(0));
        }

        foreach (var init in new[] { RunKind.Orthogonal, RunKind.Gaussian })
        {
            var rows = times.Where(t => t.Init == init).OrderBy(t => t.Depth).ToList();
            if (rows.Count == 0) continue;
            ax.BandStd(rows.Select(t => (double)t.Depth), rows.Select(t => t.Time.Mean), rows.Select(t => t.Time.Std),
                init == RunKind.Orthogonal ? "random orthogonal" : "scaled Gaussian N(0, 1/n)");
            var capped = rows.Where(t => t.Capped > 0).ToList();
            if (capped.Count > 0)
                ax.Scatter(capped.Select(t => (double)t.Depth), capped.Select(t => t.Time.Mean), $"{EnumNames.Of(init)}: hit max-steps (lower bound)", Color.Parse("#D55E00"), Marker.Cross, 6);
        }

        return new ReportFigure("learning_time.svg",
            "Steps of full-batch GD (learning rate η/D) until the loss falls below the criterion fraction of the zero map's loss, for random orthogonal " +
            "and scaled Gaussian (variance 1/fan-in) initialisation; the same target Σ31 and data per seed. Right: per seed, the orthogonal-depth statistic " +
            "(ln of Gaussian over orthogonal growth of learning time, threshold ln 2) and the depth-independence ratio T(16)/T(8) with its band [0.8, 1.25].", fig.ToSvg());
    }

    private static ReportFigure LossFigure(Results<DeepLinearRun> results, List<RunView<DeepLinearRun>> shallow, int dMax)
    {
        var fig = Figure.Grid(1, 2, "Loss curves: stage-like drops from small init vs smooth decay from orthogonal init", 1100, 420);
        var left = fig.AddPanel("t / τ", "training loss", yLog: true, title: "3-layer net, decoupled small init");
        foreach (var run in shallow)
        {
            var loss = run.Series(Loss);
            left.Line(loss.Select(p => p.Step / run.Config.Tau), loss.Select(p => p.Value), EnumNames.Of(run.Config.Task));
        }

        var right = fig.AddPanel("step", "training loss", yLog: true, title: $"D = {dMax}, learning rate η/D");
        foreach (var run in results.Done.Where(r => r.Config.Kind is RunKind.Orthogonal or RunKind.Gaussian && r.Config.Depth == dMax))
        {
            var loss = run.Series(Loss);
            right.Line(loss.Select(p => (double)p.Step), loss.Select(p => p.Value), $"{EnumNames.Of(run.Config.Kind)} (seed {run.Replicate})",
                run.Config.Kind == RunKind.Orthogonal ? Palette.Series(0) : Palette.Series(1), run.Replicate == 0 ? LineStyle.Solid : LineStyle.Dashed);
        }

        return new ReportFigure("loss_curves.svg",
            "Left: training loss of the decoupled 3-layer runs: each mode's sigmoidal transition removes its share s_α²/2 of the loss, giving plateaus and " +
            "step-like drops (the hierarchy's stages). Right: the deepest learning-time nets, orthogonal vs scaled-Gaussian initialisation.", fig.ToSvg());
    }
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.RnnGating.RnnGatingMetrics;

namespace Tdlab.Experiments.RnnGating;

/// <summary>The family's figures, drawn from the stored runs (replicate 0 for curves).</summary>
public sealed partial class RnnGatingExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<RnnGatingRun> results)
    {
        var done = results.Done.Where(IsMain).ToList();
        if (done.Count == 0) yield break;
        var tasks = done.Select(r => r.Config.Task).Distinct().ToList();
        var models = done.Select(r => r.Config.Model).Distinct().ToList();
        int longest = done.Max(r => r.Config.Length);
        var lengths = done.Select(r => r.Config.Length).Distinct().Order().ToList();
        int middle = lengths[lengths.Count / 2];

        yield return GradientProfiles(done, tasks, models, longest);
        yield return GradientDuringTraining(done, tasks, models, longest);
        yield return LossCurves(done, tasks, models, middle);
        foreach (var task in tasks) yield return TrainableRegion(results, task, models);
        yield return LengthAgainstTimescale(done, tasks);
    }

    /// <summary>The signature: longest trainable T against the gradient's timescale at init, every (model, init, σ_w) cell of every replicate.</summary>
    private static ReportFigure LengthAgainstTimescale(List<RunView<RnnGatingRun>> done, List<SequenceTask> tasks)
    {
        var fig = Figure.Grid(1, tasks.Count, "Longest trainable T against the timescale ξ = 1/|b| of the gradient at initialisation", 460 * tasks.Count + 200, 420);
        foreach (var task in tasks)
        {
            var ax = fig.AddPanel("ξ (steps)", "longest trainable T (0: none)", xLog: true, title: EnumNames.Of(task));
            var reps = done.Where(r => r.Config.Task == task).GroupBy(r => r.Replicate).ToList();
            var cells = reps.SelectMany(g => TimescaleCells(g).Select(c => (c.Label, c.Timescale, c.LongestTrained))).ToList();
            var rho = reps.Select(g => TimescaleCorrelation(TimescaleCells(g))).ToList();
            ax.Title = $"{EnumNames.Of(task)}: Spearman ρ per replicate {string.Join(", ", rho.Select(Claim.Format))} (claim: ρ > 0)";
            int i = 0;
            foreach (var model in done.Select(r => r.Config.Model).Distinct().Order())
            {
                var mine = cells.Where(c => c.Label.StartsWith(ModelLabel(model) + " ", StringComparison.Ordinal) && double.IsFinite(c.Timescale) && c.Timescale > 0).ToList();
                if (mine.Count > 0) ax.Scatter(mine.Select(c => c.Timescale), mine.Select(c => (double)c.LongestTrained), ModelLabel(model), Palette.Series(i));
                i++;
            }

            ax.LegendPosition = task == tasks[^1] ? LegendPosition.OutsideRight : LegendPosition.Hidden;
        }

        return new ReportFigure("length_vs_timescale.svg",
            "Chen, Pennington and Schoenholz (2018)'s signature: each point is one (model, recurrent init, σ_w) cell of one replicate, at its timescale ξ = 1/|b| " +
            "(b the slope of log ‖∂L/∂h_t‖ per step at initialisation, mean over T: the steps over which the gradient vanishes or explodes by a factor e) and the " +
            $"longest T of the grid whose final loss is below {TrainedFraction} of the baseline. The claim trainable-length-tracks-timescale asks for a positive " +
            "Spearman ρ per task (panel titles).", fig.ToSvg());
    }

    /// <summary>Legend label and line style of a run's recurrent init.</summary>
    private static (string Label, LineStyle Style) InitLabel(RnnGatingRun c) => c.Init == WeightInit.Orthogonal
        ? ($"orthogonal, gain {Claim.Format(c.Sigma)}", LineStyle.Dashed)
        : ($"Gaussian σ_w = {Claim.Format(c.Sigma)}", LineStyle.Solid);

    /// <summary>Runs of replicate 0 for (task, model, T), Gaussian by increasing sigma, then orthogonal.</summary>
    private static IEnumerable<RunView<RnnGatingRun>> Picks(List<RunView<RnnGatingRun>> done, SequenceTask task, RecurrentModel model, int length) =>
        done.Where(r => r.Replicate == 0 && r.Config.Task == task && r.Config.Model == model && r.Config.Length == length)
            .OrderBy(r => r.Config.Init == WeightInit.Orthogonal).ThenBy(r => r.Config.Sigma);

    /// <summary>One log-y panel per task (rows) and model (columns), filled by <paramref name="fill"/>(axes, task, model).</summary>
    private static Figure TaskModelGrid(List<SequenceTask> tasks, List<RecurrentModel> models, string title, string xLabel, string yLabel,
        Action<Axes, SequenceTask, RecurrentModel> fill)
    {
        var fig = Figure.Grid(tasks.Count, models.Count, title, 300 * models.Count + 300, 300 * tasks.Count + 60);
        foreach (var task in tasks)
            foreach (var model in models)
            {
                var ax = fig.AddPanel(xLabel, yLabel, yLog: true, title: $"{EnumNames.Of(task)}: {ModelLabel(model)}");
                fill(ax, task, model);
                // every panel draws the same series: one legend, outside the last panel of each row, never over data
                ax.LegendPosition = model == models[^1] ? LegendPosition.OutsideRight : LegendPosition.Hidden;
            }

        return fig;
    }

    /// <summary>||dL/dh_t|| vs t at init, per task (rows) and model (columns), one line per init and scale.</summary>
    private static ReportFigure GradientProfiles(List<RunView<RnnGatingRun>> done, List<SequenceTask> tasks, List<RecurrentModel> models, int length)
    {
        var fig = TaskModelGrid(tasks, models, $"Hidden-state gradient norms ‖∂L/∂h_{{t}}‖ at initialisation (T = {length}, replicate 0)",
            "t", "‖∂L/∂h_{t}‖", (ax, task, model) =>
            {
                int i = 0;
                foreach (var run in Picks(done, task, model, length))
                {
                    var s = run.Series(HiddenGradient.At(0)).Where(p => p.Value > 0 && double.IsFinite(p.Value)).ToArray();
                    var (label, style) = InitLabel(run.Config);
                    ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), label, Palette.Series(i++), style);
                }
            });

        return new ReportFigure("hgrad_vs_t.svg",
            "‖∂L/∂h_t‖ over the sequence at initialisation, log scale, per task and model; the loss sits at the last step(s), so the curve read from right to left " +
            "is backpropagation through time. A straight line is geometric change: rising to the right (small σ_w) means gradients vanish going back in time, " +
            "falling means they explode. Solid: Gaussian recurrent weights; dashed: orthogonal.", fig.ToSvg());
    }

    /// <summary>||dL/dh_t|| at every probed training step, Gaussian sigma_w = the sweep's middle value, first task.</summary>
    private static ReportFigure GradientDuringTraining(List<RunView<RnnGatingRun>> done, List<SequenceTask> tasks, List<RecurrentModel> models, int length)
    {
        var sigmas = done.Where(r => r.Config.Init == WeightInit.Gaussian).Select(r => r.Config.Sigma).Distinct().Order().ToList();
        double sigma = sigmas.Count > 0 ? sigmas.MinBy(s => Math.Abs(Math.Log(s))) : double.NaN;
        var fig = TaskModelGrid(tasks, models, $"‖∂L/∂h_{{t}}‖ during training (Gaussian σ_w = {Claim.Format(sigma)}, T = {length}, replicate 0)",
            "t", "‖∂L/∂h_{t}‖", (ax, task, model) =>
            {
                var run = Picks(done, task, model, length).FirstOrDefault(r => r.Config.Init == WeightInit.Gaussian && r.Config.Sigma == sigma);
                if (run is null) return;
                int i = 0;
                foreach (int step in run.Config.ProbeSteps)
                {
                    var s = run.Series(HiddenGradient.At(step)).Where(p => p.Value > 0 && double.IsFinite(p.Value)).ToArray();
                    if (s.Length > 0)
                        ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), $"step {step}", Palette.Series(i++));
                }
            });

        return new ReportFigure("hgrad_training.svg",
            "The same profile at initialisation and at later training steps, for the σ_w of the sweep nearest 1; a diverged run stops before its later probes.", fig.ToSvg());
    }

    /// <summary>Training loss / baseline per task (rows) and model (columns), one line per init and scale.</summary>
    private static ReportFigure LossCurves(List<RunView<RnnGatingRun>> done, List<SequenceTask> tasks, List<RecurrentModel> models, int length)
    {
        var fig = TaskModelGrid(tasks, models, $"Training loss / task baseline (T = {length}, replicate 0)",
            "step", "loss / baseline", (ax, task, model) =>
            {
                int i = 0;
                foreach (var run in Picks(done, task, model, length))
                {
                    double baseline = Baseline(run.Config);
                    var s = run.Series(Loss);
                    var (label, style) = InitLabel(run.Config);
                    ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value / baseline), label + (run.Diverged ? " (diverged)" : ""), Palette.Series(i++), style);
                }

                ax.HLine(TrainedFraction, "trained threshold");
            });

        return new ReportFigure("loss_curves.svg",
            $"Training loss (mean over each logging interval) divided by the input-blind baseline (ln a for copy, 1/6 for adding); the dashed line at {TrainedFraction} is the " +
            "threshold below which a run counts as trained.", fig.ToSvg());
    }

    /// <summary>Final loss / baseline over (sigma_w, T) per model for one task, trainable cells marked.</summary>
    private static ReportFigure TrainableRegion(Results<RnnGatingRun> results, SequenceTask task, List<RecurrentModel> models)
    {
        var cells = CellLosses(results).Where(c => c.Key.Task == task).ToList();
        var sigmas = cells.Select(c => c.Key.Sigma).Distinct().Order().ToList();
        var lengths = cells.Select(c => c.Key.Length).Distinct().Order().ToList();
        var areas = TrainableAreas(results);
        var fig = Figure.Grid(1, models.Count, $"{EnumNames.Of(task)}: final held-out loss / baseline over (σ_w, T), Gaussian recurrent weights (marked where < {TrainedFraction})",
            300 * models.Count + 120, 380);
        foreach (var model in models)
        {
            double area = areas.TryGetValue(model, out var a) && a.PerTask.TryGetValue(task, out var v) ? v : double.NaN;
            var ax = fig.AddPanel("σ_w", "T", title: $"{ModelLabel(model)}: trainable area {Claim.Format(area)}");
            var z = new double[lengths.Count, sigmas.Count];
            for (int i = 0; i < lengths.Count; i++)
                for (int j = 0; j < sigmas.Count; j++)
                    z[i, j] = cells.Where(c => c.Key.Model == model && c.Key.Sigma == sigmas[j] && c.Key.Length == lengths[i])
                        .Select(c => double.IsFinite(c.Value) ? c.Value : double.NaN).DefaultIfEmpty(double.NaN).First();
            var map = ax.Heatmap(sigmas.Select(Claim.Format).ToList(), lengths.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                z, "loss / baseline");
            map.ColorMin = 0;
            map.ColorMax = 1.2;
            map.NanLabel = "diverged";
            for (int i = 0; i < lengths.Count; i++)
                for (int j = 0; j < sigmas.Count; j++)
                    if (z[i, j] < TrainedFraction) ax.Text(j, i, "•", "middle");   // a word overlapped its neighbours at 8 σ_w
        }

        return new ReportFigure($"trainable_region_{EnumNames.Of(task)}.svg",
            $"Final held-out loss divided by the baseline, per (σ_w, T) cell (mean over seeds), for each model on the {EnumNames.Of(task)} task. Cells marked • train " +
            $"(below {TrainedFraction} of the baseline); the panel title gives the fraction of such cells, the area of the trainable region.", fig.ToSvg());
    }
}

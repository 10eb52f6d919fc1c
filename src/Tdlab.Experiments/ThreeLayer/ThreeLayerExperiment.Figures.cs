using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Tensors.Io;
using static Tdlab.Experiments.ThreeLayer.ThreeLayerMetrics;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>The family's figures in the thesis' style: every run a marker, success rates with Clopper-Pearson intervals.</summary>
public sealed partial class ThreeLayerExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<ThreeLayerRun> results)
    {
        var done = results.Done.ToList();
        var threshold = Threshold(done);
        var comparison = done.Where(r => r.Config.Study == Study.Comparison).ToList();
        if (comparison.Count > 0) yield return Comparison(comparison, threshold);
        if (comparison.Select(r => r.Config.TrainSize).Distinct().Count() > 1) yield return LossVsTrainSize(comparison, threshold);
        var three = comparison.Where(r => r.Config.Learner == Learner.ThreeLayer && !r.Diverged).ToList();
        if (three.Count > 0) yield return CosSimFigure(three, threshold);
        var cone = done.Where(r => r.Config.Study == Study.Cone).ToList();
        if (cone.Count > 0) yield return SuccessCurve(cone.GroupBy(r => r.Config.ConeCos), threshold, "cone.svg", "initial CosSim c (cone initialisation)",
            $"Success rate against the initial |CosSim| fixed by the cone initialisation w = ||w0|| (c w* + sqrt(1 - c²) u⊥), nu = {Claim.Format(cone[0].Config.Nu)} " +
            "(seed 003, Fig. 4.5), with 95% Clopper-Pearson intervals.");
        var probes = three.Where(r => r.Config.Probes && r.Has(NtkChange)).ToList();
        var successful = probes.Where(r => threshold.Succeeds(Relative(r))).ToList();
        if (successful.Count > 0)
        {
            yield return PhasePlot(successful.OrderBy(r => r.Replicate).First());
            yield return LagFigure(successful);
        }

        if (probes.Count > 0) yield return EigenvalueFigure(probes);
        var frameRun = probes.FirstOrDefault(r => r.Replicate == 0);
        if (frameRun is not null && FramesFigure(results, frameRun) is { } frames) yield return frames;
        var sizes = done.Where(r => r.Config.Study == Study.TrainSize && !r.Diverged).ToList();
        if (sizes.Count > 0) yield return TrainSizeFigure(sizes);
    }

    private static double Jitter(int replicate) => 0.06 * ((replicate * 0.618034) % 1 - 0.5);

    /// <summary>Final relative validation loss of every run against nu (left) and the success rates (right).</summary>
    private static ReportFigure Comparison(List<RunView<ThreeLayerRun>> runs, SuccessThreshold threshold)
    {
        var fig = Figure.Grid(1, 2, "Three-layer net against the 1-D learner", 1100, 440);
        var losses = fig.AddPanel("ν", "final validation MSE / Var(y)", yLog: true);
        var rates = fig.AddPanel("ν", "success rate");
        losses.LegendPosition = LegendPosition.Hidden;
        rates.LegendPosition = LegendPosition.OutsideRight;
        foreach (var (learner, i) in new[] { Learner.ThreeLayer, Learner.OneD }.Select((l, i) => (l, i)))
        {
            var own = runs.Where(r => r.Config.Learner == learner && !r.Diverged).ToList();
            if (own.Count == 0) continue;
            string name = learner == Learner.ThreeLayer ? "three-layer (LeCun w)" : "1-D learner";
            double offset = i == 0 ? -0.04 : 0.04;
            losses.Scatter(own.Select(r => r.Config.Nu + offset + Jitter(r.Replicate)), own.Select(Relative), name, Palette.Series(i), size: 2.5);
            var cells = own.GroupBy(r => r.Config.Nu).OrderBy(g => g.Key).ToList();
            AddRates(rates, cells.Select(g => (g.Key, g.ToList())).ToList(), threshold, name, Palette.Series(i));
        }

        losses.HLine(threshold.Relative, "success threshold", Color.Grey);
        return new ReportFigure("comparison.svg",
            "Left: final validation MSE / Var(y) of every run against the frequency ν (markers jittered; blue three-layer net with LeCun w, orange the 1-D " +
            $"learner handed w*), and the success threshold {Claim.Format(threshold.Relative)} from the log-gap rule (seed 003, Fig. 4.1 and 4.3). " +
            "Right: success rates with 95% Clopper-Pearson intervals.", fig.ToSvg());
    }

    /// <summary>Final relative validation loss against the training-set size, every run a marker, per nu and learner (Fig. 4.1 and 4.3).</summary>
    private static ReportFigure LossVsTrainSize(List<RunView<ThreeLayerRun>> runs, SuccessThreshold threshold)
    {
        var fig = Figure.Grid(1, 2, "Final validation loss against the training-set size", 1150, 440);
        var panels = new[] { (Learner.ThreeLayer, fig.AddPanel("training-set size n", "three-layer: final MSE / Var(y)", xLog: true, yLog: true)),
            (Learner.OneD, fig.AddPanel("training-set size n", "1-D learner: final MSE / Var(y)", xLog: true, yLog: true)) };
        foreach (var (learner, ax) in panels)
        {
            ax.LegendPosition = learner == Learner.OneD ? LegendPosition.OutsideRight : LegendPosition.Hidden;
            foreach (var (g, i) in runs.Where(r => r.Config.Learner == learner && !r.Diverged).GroupBy(r => r.Config.Nu).OrderBy(g => g.Key).Select((g, i) => (g, i)))
            {
                ax.Scatter(g.Select(r => r.Config.TrainSize * (1 + Jitter(r.Replicate))), g.Select(Relative), null, Palette.Series(i), size: 2);
                var mean = g.GroupBy(r => r.Config.TrainSize).OrderBy(c => c.Key).Select(c => (N: (double)c.Key, L: c.Average(Relative))).ToList();
                ax.Line(mean.Select(p => p.N), mean.Select(p => p.L), $"ν = {Claim.Format(g.Key)}", Palette.Series(i), marker: Marker.Circle);
            }

            ax.HLine(threshold.Relative, "success threshold", Color.Grey);
        }

        return new ReportFigure("loss_vs_train_size.svg",
            "Final validation MSE / Var(y) of every run against the training-set size (markers, jittered), with the mean per ν (lines): the three-layer net " +
            "(left, seed 003 Fig. 4.3) and the 1-D learner (right, Fig. 4.1); the two modes of the three-layer loss pull its mean up where runs fail.", fig.ToSvg());
    }

    private static void AddRates(Axes ax, List<(double X, List<RunView<ThreeLayerRun>> Runs)> cells, SuccessThreshold threshold, string label, Color color)
    {
        var est = cells.Select(c => Estimate.Proportion(c.Runs.Count(r => threshold.Succeeds(Relative(r))), c.Runs.Count)).ToList();
        ax.Band(cells.Select(c => c.X), est.Select(e => e.Value), est.Select(e => e.Low), est.Select(e => e.High), label, color);
        ax.Scatter(cells.Select(c => c.X), est.Select(e => e.Value), null, color);
    }

    private static ReportFigure SuccessCurve(IEnumerable<IGrouping<double, RunView<ThreeLayerRun>>> groups, SuccessThreshold threshold, string file, string xLabel, string caption)
    {
        var fig = new Figure("Success rate", 640, 420);
        var ax = fig.AddPanel(xLabel, "success rate");
        AddRates(ax, groups.OrderBy(g => g.Key).Select(g => (g.Key, g.ToList())).ToList(), threshold, "success rate (95% CP)", Palette.Series(0));
        ax.YLim(0, 1);
        return new ReportFigure(file, caption, fig.ToSvg());
    }

    /// <summary>Final loss against final |CosSim| (Fig. 4.4a) and final against initial |CosSim| (Fig. 4.4b).</summary>
    private static ReportFigure CosSimFigure(List<RunView<ThreeLayerRun>> runs, SuccessThreshold threshold)
    {
        var fig = Figure.Grid(1, 2, "|CosSim(w, w*)| explains the two modes of the loss", 1100, 440);
        var left = fig.AddPanel("final |CosSim(w, w*)|", "final validation MSE / Var(y)", yLog: true);
        var right = fig.AddPanel("initial |CosSim(w, w*)|", "final |CosSim(w, w*)|");
        left.LegendPosition = LegendPosition.Hidden;
        right.LegendPosition = LegendPosition.OutsideRight;
        foreach (var (g, i) in runs.GroupBy(r => r.Config.Nu).OrderBy(g => g.Key).Select((g, i) => (g, i)))
        {
            left.Scatter(g.Select(r => r.Final(CosSim)), g.Select(Relative), $"ν = {Claim.Format(g.Key)}", Palette.Series(i), size: 2.5);
            right.Scatter(g.Select(r => r.Initial(CosSim)), g.Select(r => r.Final(CosSim)), $"ν = {Claim.Format(g.Key)}", Palette.Series(i), size: 2.5);
        }

        left.HLine(threshold.Relative, "success threshold", Color.Grey);
        left.VLine(PhaseTimes.Aligned, "|CosSim| = 0.99", Color.Grey, LineStyle.Dotted);
        return new ReportFigure("cossim.svg",
            "Three-layer runs (LeCun w), one marker each, coloured by ν. Left: final validation loss against final |CosSim(w, w*)| (seed 003, Fig. 4.4a): " +
            "the low mode is the runs that found ±w*. Right: final against initial |CosSim| (Fig. 4.4b).", fig.ToSvg());
    }

    /// <summary>Loss, |CosSim| and NTK change of one successful probe run against the step (Fig. 4.6), with t_cos and t_NTK.</summary>
    private static ReportFigure PhasePlot(RunView<ThreeLayerRun> run)
    {
        var p = Phases(run);
        var fig = Figure.Grid(3, 1, $"Phases of learning (ν = {Claim.Format(run.Config.Nu)}, seed {run.Replicate})", 720, 720);
        var loss = fig.AddPanel(null, "validation MSE", yLog: true);
        var cos = fig.AddPanel(null, "|CosSim(w, w*)|");
        var ntk = fig.AddPanel("SGD step", "‖K(t) − K(0)‖_F / ‖K(0)‖_F");
        Series(loss, run.Series(ValidationLoss), "validation", 0);
        Series(loss, run.Series(TrainLoss), "training", 1);
        Series(cos, run.Series(CosSim), "|CosSim|", 2);
        Series(ntk, run.Series(NtkChange), "NTK change", 3);
        foreach (var ax in new[] { loss, cos, ntk })
        {
            ax.VLine(p.CosTime, "t_cos (|CosSim| ≥ 0.99)", Palette.Series(5));
            ax.VLine(p.NtkTime, "t_NTK (90% of the final NTK change)", Palette.Series(6), LineStyle.Dotted);
        }

        return new ReportFigure("phases.svg",
            "One successful run with the NTK probe (seed 003, Fig. 4.6): validation and training loss, |CosSim(w, w*)| and the relative change of the empirical " +
            "NTK on the fixed 32-row probe batch against the SGD step; vertical lines at t_cos (|CosSim| first ≥ 0.99) and t_NTK (NTK change first at 90% of its final value).",
            fig.ToSvg());
    }

    private static void Series(Axes ax, (int Step, double Value)[] s, string label, int color) =>
        ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), label, Palette.Series(color));

    private static ReportFigure LagFigure(List<RunView<ThreeLayerRun>> runs)
    {
        var phases = runs.Select(Phases).Where(p => !double.IsNaN(p.CosTime)).ToList();
        var fig = new Figure("NTK saturation against alignment", 640, 460);
        var ax = fig.AddPanel("t_cos: first step with |CosSim| ≥ 0.99", "t_NTK: NTK change at 90% of its final value");
        ax.Scatter(phases.Select(p => p.CosTime), phases.Select(p => p.NtkTime), "one successful run", Palette.Series(0));
        double max = phases.Select(p => Math.Max(p.CosTime, p.NtkTime)).DefaultIfEmpty(1).Max();
        ax.Line([0, max], [0, max], "t_NTK = t_cos", Color.Grey, LineStyle.Dashed);
        ax.Line([0, max], [0, 1.5 * max], "claim limits (lag ±0.5 t_cos)", Palette.Series(5), LineStyle.Dotted);
        ax.Line([0, max], [0, 0.5 * max], null, Palette.Series(5), LineStyle.Dotted);
        return new ReportFigure("lag.svg",
            "Per successful probe run, the step at which the NTK change saturates against the step at which |CosSim| reaches 0.99; the claim " +
            "ntk-saturates-with-cossim asks the mean lag (t_NTK − t_cos) / t_cos to lie within ±0.5 (dotted). Times are on the log grid of log-every steps.",
            fig.ToSvg());
    }

    private static ReportFigure EigenvalueFigure(List<RunView<ThreeLayerRun>> runs)
    {
        var fig = new Figure("Conditioning of the empirical NTK", 720, 440);
        var ax = fig.AddPanel("SGD step", "λ_min / λ_max of the probe-batch NTK", yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var (r, i) in runs.Select((r, i) => (r, i)))
        {
            var max = r.Series(NtkMaxEigenvalue);
            var ratio = r.Series(NtkMinEigenvalue).Zip(max, (a, b) => (Step: (double)a.Step, Value: Math.Abs(a.Value) / b.Value)).ToList();
            ax.Line(ratio.Select(p => p.Step), ratio.Select(p => p.Value), i == 0 ? "one run" : null, Color.Lerp(Palette.Series(0), Color.Grey, 0.4), width: 1);
        }

        ax.HLine(1e-6, "claim threshold 1e-6", Palette.Series(5));
        ax.HLine(1.19e-7, "float32 machine epsilon", Color.Grey, LineStyle.Dotted);
        return new ReportFigure("ntk_min_eigenvalue.svg",
            "λ_min / λ_max of the empirical NTK on the 32-row probe batch (float64) during training, every probe run (seed 003, Fig. 4.15: the PL condition).",
            fig.ToSvg());
    }

    /// <summary>The data projected on the current w against y, with the current g_theta (Fig. 4.7), at the stored frame steps.</summary>
    private static ReportFigure? FramesFigure(Results<ThreeLayerRun> results, RunView<ThreeLayerRun> run)
    {
        var steps = FrameSteps(run.Config).Order().ToList();
        var frames = steps.Select(s => (Step: s, Points: results.ArrayPath(run, FramePointsArray, s), Curve: results.ArrayPath(run, FrameCurveArray, s)))
            .Where(f => f.Points is not null && File.Exists(f.Points) && f.Curve is not null && File.Exists(f.Curve)).ToList();
        if (frames.Count == 0) return null;
        int cols = 4, rows = (frames.Count + cols - 1) / cols;
        var fig = Figure.Grid(rows, cols, $"Frames of one run (ν = {Claim.Format(run.Config.Nu)}, seed {run.Replicate})", 1200, 300 * rows);
        foreach (var f in frames)
        {
            var ax = fig.AddPanel("wᵀx", "y", title: $"step {f.Step}, |CosSim| {Claim.Format(run.At(CosSim, f.Step))}");
            ax.LegendPosition = LegendPosition.Hidden;
            var pts = Npy.Read(f.Points!).AsDouble();
            var curve = Npy.Read(f.Curve!).AsDouble();
            int n = pts.Length / 2, g = curve.Length / 2;
            ax.Scatter(pts.Take(n), pts.Skip(n), "training points", Palette.Series(5), size: 1.5);
            ax.Line(curve.Take(g), curve.Skip(g), "g_θ", Palette.Series(4), width: 2);
        }

        return new ReportFigure("frames.svg",
            "Frames of one run with the NTK probe (seed 003, Fig. 4.7): training points at (current wᵀx, y) as dots and the current 1-D learner g_θ as the curve, at steps spaced geometrically. " +
            "While w aligns with w* the cloud sharpens into the sine; afterwards only g_θ moves.", fig.ToSvg());
    }

    private static ReportFigure TrainSizeFigure(List<RunView<ThreeLayerRun>> runs)
    {
        var fig = new Figure("Final loss against training-set size", 720, 440);
        var ax = fig.AddPanel("training-set size n", "final MSE", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var (metric, name, i) in new[] { (TrainLoss, "training", 0), (ValidationLoss, "validation", 1) })
        {
            ax.Scatter(runs.Select(r => r.Config.TrainSize * (1 + Jitter(r.Replicate))), runs.Select(r => r.Final(metric)), $"{name}, one run", Palette.Series(i), size: 2);
            var mean = runs.GroupBy(r => r.Config.TrainSize).OrderBy(g => g.Key)
                .Select(g => (N: (double)g.Key, L: Math.Pow(10, g.Average(r => Math.Log10(r.Final(metric)))))).ToList();
            ax.Line(mean.Select(p => p.N), mean.Select(p => p.L), $"{name}, geometric mean", Palette.Series(i), marker: Marker.Circle);
        }

        var c = runs[0].Config;
        return new ReportFigure("train_size.svg",
            $"Final training and validation MSE against the training-set size at d = {c.InputDim}, ν = {Claim.Format(c.Nu)}, {c.Steps} SGD steps for every size " +
            "(seed 003, Fig. 4.16).", fig.ToSvg());
    }
}

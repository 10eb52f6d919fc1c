using Tdlab.Experiments.ThreeLayer;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using Tdlab.Tensors.Io;
using static Tdlab.Experiments.ParameterControl.ParameterControlMetrics;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>The family's figures: success rates per arm with Clopper-Pearson intervals, CosSim traces, the toy's contours.</summary>
public sealed partial class ParameterControlExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<ParameterControlRun> results)
    {
        var done = results.Done.ToList();
        var threshold = Threshold(done);
        var cells = done.Where(r => !r.Config.IsToy).GroupBy(r => (r.Config.Arm, r.Config.Nu, r.Config.ConeCos, r.Config.Bottleneck))
            .OrderBy(g => g.Key.Bottleneck).ThenBy(g => g.Key.ConeCos).ThenBy(g => g.Key.Nu).ThenBy(g => g.Key.Arm).ToList();
        if (cells.Count > 0) yield return Rates(cells, threshold);
        var traced = done.Where(r => r.Config.Arm is Arm.WStar or Arm.FixedG or Arm.GFromOneD || (r.Config.Arm == Arm.Baseline && r.Config.ConeCos > 0)).ToList();
        if (traced.Count > 0) yield return CosSimTraces(traced);
        var toy = done.Where(r => r.Config.IsToy && r.Replicate == 0).ToList();
        if (toy.Count > 0) yield return ToyFigure(results, toy);
    }

    private static string Label((Arm Arm, double Nu, double ConeCos, int Bottleneck) k) =>
        $"{k.Arm switch { Arm.WStar => "w = w*", Arm.OneD => "1-D", Arm.FixedG => "g = g*", Arm.GFromOneD => "g from 1-D", Arm.Bottleneck => $"k = {k.Bottleneck}", _ => "baseline" }}" +
        $", ν {Claim.Format(k.Nu)}{(k.ConeCos > 0 ? $", c {Claim.Format(k.ConeCos)}" : "")}";

    /// <summary>Success rate of every (arm, nu, cone cosine, k) cell with its 95% Clopper-Pearson interval.</summary>
    private static ReportFigure Rates(List<IGrouping<(Arm Arm, double Nu, double ConeCos, int Bottleneck), RunView<ParameterControlRun>>> cells, SuccessThreshold threshold)
    {
        var fig = new Figure("Success rate per arm", 900, 120 + 26 * cells.Count);
        var ax = fig.AddPanel("success rate (95% Clopper-Pearson)", null);
        ax.LegendPosition = LegendPosition.Hidden;
        for (int i = 0; i < cells.Count; i++)
        {
            var runs = cells[i].ToList();
            var e = Estimate.Proportion(runs.Count(r => threshold.Succeeds(Relative(r))), runs.Count);
            double y = cells.Count - i;
            ax.Line([e.Low, e.High], [y, y], null, Palette.Series((int)cells[i].Key.Arm), width: 2.5);
            ax.Scatter([e.Value], [y], null, Palette.Series((int)cells[i].Key.Arm), size: 4);
            ax.Text(1.02, y - 0.3, Label(cells[i].Key));
        }

        ax.XLim(0, 1.6);
        ax.YLim(0, cells.Count + 1);
        return new ReportFigure("success_rates.svg",
            $"Success rate (relative validation loss below {Claim.Format(threshold.Relative)}, the log-gap rule) of every arm with its 95% Clopper-Pearson interval: " +
            "w = w* and the 1-D learner (H4, seed 003 Fig. 4.10a), the cone-initialised baseline against g fixed to g* (H5, Fig. 4.11) and g from a trained " +
            "1-D learner (H6, Fig. 4.13), and the bottleneck widths k (H7, Fig. 4.14; k = 1 is the LeCun baseline).", fig.ToSvg());
    }

    private static ReportFigure CosSimTraces(List<RunView<ParameterControlRun>> runs)
    {
        var groups = runs.GroupBy(r => (r.Config.Arm, r.Config.Nu, r.Config.ConeCos, r.Config.Bottleneck)).OrderBy(g => g.Key.Arm).ThenBy(g => g.Key.ConeCos).ToList();
        int cols = Math.Min(3, groups.Count), rows = (groups.Count + cols - 1) / cols;
        var fig = Figure.Grid(rows, cols, "|CosSim(w, w*)| during training, every seed", 1100, 300 * rows);
        foreach (var g in groups)
        {
            var ax = fig.AddPanel("SGD step", "|CosSim|", title: Label(g.Key));
            ax.LegendPosition = LegendPosition.Hidden;
            foreach (var r in g)
            {
                var s = r.Series(CosSim);
                ax.Line(s.Select(p => (double)p.Step), s.Select(p => p.Value), null, Palette.Series((int)g.Key.Arm), width: 0.8);
            }

            ax.YLim(0, 1.02);
        }

        return new ReportFigure("cossim_traces.svg",
            "|CosSim(w, w*)| against the SGD step for every seed of each arm: w initialised to w* stays at 1 (H4, Fig. 4.10b); with g fixed to g* only w moves (H5).",
            fig.ToSvg());
    }

    /// <summary>Contours of f with the stored trajectories (left) and the restriction f(x, 0) (right), Fig. 4.12.</summary>
    private static ReportFigure ToyFigure(Results<ParameterControlRun> results, List<RunView<ParameterControlRun>> runs)
    {
        var fig = Figure.Grid(1, 2, "The 2-D toy f(x, y) = (x² + y² − 1)² − 0.5x", 1150, 500);
        var plane = fig.AddPanel("x", "y");
        var axis = fig.AddPanel("x", "f(x, 0)");
        plane.LegendPosition = LegendPosition.Hidden;
        axis.LegendPosition = LegendPosition.Hidden;
        const int n = 121;
        var xs = Enumerable.Range(0, n).Select(i => -1.6 + 3.2 * i / (n - 1)).ToArray();
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) values[i, j] = Math.Min(2, TiltedRing.Value(xs[j], xs[i]));   // clipped so that the ring shows
        plane.Heatmap(xs, xs, values, "f(x, y), clipped at 2");
        foreach (var r in runs.OrderBy(r => r.Config.Arm))
        {
            string? path = results.ArrayPath(r, ToyPathsArray, r.Config.ToySteps);
            if (path is null || !File.Exists(path)) continue;
            var data = Npy.Read(path).AsDouble();
            int t = r.Config.ToyTrajectories, points = data.Length / (2 * t);
            var color = r.Config.Arm == Arm.Toy2D ? Color.Parse("#ffffff") : Color.Parse("#000000");
            for (int k = 0; k < t; k++)
                plane.Line(data.Skip(2 * k * points).Take(points), data.Skip((2 * k + 1) * points).Take(points),
                    k == 0 ? (r.Config.Arm == Arm.Toy2D ? "2-D noisy descent" : "1-D (y fixed to 0)") : null, color, width: 1);
        }

        plane.Scatter([-0.5], [0], "start (−0.5, 0)", Palette.Series(5), size: 5);
        plane.Scatter([TiltedRing.GlobalMinimum], [0], "global minimum", Palette.Series(2), Marker.Square, size: 5);
        plane.Scatter([TiltedRing.Saddle], [0], "saddle / 1-D local minimum", Palette.Series(1), Marker.Square, size: 5);
        axis.Line(xs, xs.Select(x => TiltedRing.Value(x, 0)), "f(x, 0)", Color.Ink);
        axis.Scatter([TiltedRing.GlobalMinimum, TiltedRing.Saddle], [TiltedRing.Value(TiltedRing.GlobalMinimum, 0), TiltedRing.Value(TiltedRing.Saddle, 0)],
            "minima on the axis", Palette.Series(1), Marker.Square, size: 5);
        var c = runs[0].Config;
        return new ReportFigure("toy.svg",
            $"Left: f on the plane with the noisy descents of seed 0 from (−0.5, 0) (step {Claim.Format(c.ToyRate)}, gradient noise σ = {Claim.Format(c.ToyNoise)}, " +
            $"{c.ToySteps} steps): in 2-D (white) they leave the saddle near (−0.93, 0) and reach the global minimum near (1.06, 0); with y fixed to 0 (black) " +
            "they stay at the saddle, a local minimum of the restriction. Blue dot: the start; green square: the global minimum; orange square: the saddle. " +
            "Right: f(x, 0) (seed 003, Fig. 4.12).", fig.ToSvg());
    }
}

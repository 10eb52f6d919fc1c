using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.SignalPropagation.SignalPropagationMetrics;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>The trainability signature (Schoenholz et al. 2017): nets train up to about 6 xi_c and not beyond; pre-registered 2026-12-01 before the first training run.</summary>
public sealed partial class SignalPropagationExperiment
{
    /// <summary>Trainable depth in units of xi_c (Schoenholz et al. 2017, Figs. 5-6: L = 6 xi_c bounds the trainable region).</summary>
    public const double TrainableDepthScales = 6;

    /// <summary>Fraction of the way from chance (1 / classes) to 1 that the final training accuracy must reach for a cell to count as trained.</summary>
    public const double TrainedFraction = 0.5;

    /// <summary>Smallest fraction of the grid's cells the rule "trains iff L &lt; 6 xi_c" must classify correctly, per replicate.</summary>
    public const double RuleAccuracyLevel = 0.8;

    public static readonly ClaimSpec TrainableDepth = new("trainable-depth",
        $"tanh MLPs on a (σ_w², L) grid (σ_b² fixed) trained a fixed number of SGD steps train (final training accuracy at least halfway from chance to 1) " +
        $"when L < {TrainableDepthScales} ξ_c and do not when L ≥ {TrainableDepthScales} ξ_c (Schoenholz et al. 2017): the rule \"trains iff L < 6 ξ_c\" " +
        $"classifies at least {RuleAccuracyLevel:P0} of the cells correctly",
        CriticalLine, "per replicate, the fraction of (σ_w², L) cells where (final training accuracy ≥ 1/k + 0.5 (1 − 1/k)) equals (L < 6 ξ_c), " +
        "ξ_c from the mean-field correlation map (infinite at χ_c ≥ 1); a diverged member does not train",
        Rule.Above(RuleAccuracyLevel));

    /// <summary>The final training accuracy a cell must reach to count as trained: halfway from chance 1/k to 1.</summary>
    internal static double TrainedLevel(int classes) => 1.0 / classes + TrainedFraction * (1 - 1.0 / classes);

    /// <summary>Whether the rule predicts a net of <paramref name="depth"/> layers at depth scale <paramref name="xiC"/> to train: L &lt; 6 xi_c.</summary>
    internal static bool PredictedToTrain(int depth, double xiC) => depth < TrainableDepthScales * xiC;

    /// <summary>One trained cell of one replicate: depth, xi_c, final training accuracy (NaN when diverged) and classes.</summary>
    internal sealed record TrainedCell(double SigmaW2, int Depth, double XiC, double Accuracy, int Classes)
    {
        public bool Trained => Accuracy >= TrainedLevel(Classes);

        public bool Predicted => PredictedToTrain(Depth, XiC);
    }

    /// <summary>The claim's statistic for one replicate: the fraction of cells where trained equals predicted (NaN for no cells).</summary>
    internal static double RuleAccuracy(IReadOnlyCollection<TrainedCell> cells) =>
        cells.Count == 0 ? double.NaN : cells.Count(c => c.Trained == c.Predicted) / (double)cells.Count;

    internal static TrainedCell CellOf(RunView<SignalPropagationRun> r) =>
        new(r.Config.SigmaW2, r.Config.Layers, CorrelationMap.Of(r.Config.SigmaW2, r.Config.SigmaB2).XiC,
            r.Diverged ? double.NaN : r.Final(TrainAccuracy), r.Config.Classes);

    /// <summary>The trainability claim when the sub-study ran (nothing when it is off, as in stored sweeps).</summary>
    private static IEnumerable<Claim> TrainabilityClaims(Results<SignalPropagationRun> results)
    {
        var runs = results.Done.Where(r => r.Config.IsTraining).ToList();
        if (runs.Count == 0) yield break;
        var byReplicate = runs.GroupBy(r => r.Replicate).OrderBy(g => g.Key).Select(g => g.Select(CellOf).ToList()).ToList();
        var all = byReplicate.SelectMany(x => x).ToList();
        string Fraction(IEnumerable<TrainedCell> cells)
        {
            var l = cells.ToList();
            return l.Count == 0 ? "no cells" : $"{l.Count(c => c.Trained)}/{l.Count} trained";
        }

        var any = runs[0].Config;
        yield return results.Claim(TrainableDepth, Estimate.Mean(byReplicate.Select(RuleAccuracy)),
            $"width {any.Width}, {any.TrainSteps} SGD steps at lr {Claim.Format(any.LearningRate)}, batch {any.Batch}, σ_b² = {Claim.Format(any.SigmaB2)}, " +
            $"{byReplicate.Count} replicate(s) of {byReplicate[0].Count} cells; L < 6 ξ_c: {Fraction(all.Where(c => c.Predicted))}, " +
            $"L ≥ 6 ξ_c: {Fraction(all.Where(c => !c.Predicted))}; L ≤ 3 ξ_c: {Fraction(all.Where(c => c.Depth <= 3 * c.XiC))}, " +
            $"L ≥ 12 ξ_c: {Fraction(all.Where(c => c.Depth >= 12 * c.XiC))}");
    }

    /// <summary>Mean final training accuracy over replicates on the (sigma_w^2, L) grid, with the 6 xi_c curve.</summary>
    private static ReportFigure TrainabilityFigure(List<RunView<SignalPropagationRun>> runs)
    {
        var ws = runs.Select(r => r.Config.SigmaW2).Distinct().Order().ToArray();
        var ls = runs.Select(r => r.Config.Layers).Distinct().Order().ToArray();
        double b2 = runs[0].Config.SigmaB2;
        var z = new double[ls.Length, ws.Length];
        for (int j = 0; j < ls.Length; j++)
            for (int i = 0; i < ws.Length; i++)
            {
                var cell = runs.Where(r => r.Config.Layers == ls[j] && r.Config.SigmaW2 == ws[i]).ToList();
                z[j, i] = cell.Count == 0 ? double.NaN : cell.Average(r => r.Diverged ? double.NaN : r.Final(TrainAccuracy));
            }

        var fig = new Figure($"Trainability of tanh MLPs: final training accuracy (mean over seeds) on the (σ_w², L) grid, σ_b² = {Claim.Format(b2)}", 980, 540);
        var ax = fig.AddPanel("σ_{w}^{2}", "depth L", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        var map = ax.Heatmap(ws, ls.Select(l => (double)l), z, "final training accuracy");
        map.ShowValues = true;
        map.NanLabel = "diverged";
        var edgesX = Heatmap.CellEdges(ws, log: true);
        var edgesY = Heatmap.CellEdges(ls.Select(l => (double)l).ToArray(), log: true);
        double lo = edgesX[0], hi = edgesX[^1];
        var ws80 = Enumerable.Range(0, 120).Select(i => lo * Math.Pow(hi / lo, i / 119.0)).ToArray();
        var edge = Color.Parse("#D55E00");
        foreach (var (multiple, label, style) in new[] { (TrainableDepthScales, "L = 6 ξ_c (mean field)", LineStyle.Solid), (TrainableDepthScales / 2, "L = 3 ξ_c", LineStyle.Dashed) })
        {
            bool first = true;
            foreach (var segment in CurveSegments(ws80, w => multiple * CorrelationMap.Of(w, b2).XiC, edgesY[0], edgesY[^1]))
            {
                ax.Line(segment.Select(p => p.X), segment.Select(p => p.Y), first ? label : null, edge, style);
                first = false;
            }
        }

        int classes = runs[0].Config.Classes;
        return new ReportFigure("trainability.svg",
            $"Each cell: the final training accuracy after {runs[0].Config.TrainSteps} SGD steps of a width-{runs[0].Config.Width} tanh MLP of L hidden layers at σ_w² " +
            $"(σ_b² = {Claim.Format(b2)}), mean over seeds; a cell counts as trained at accuracy ≥ {TrainedLevel(classes):F3} (halfway from chance 1/{classes} to 1). " +
            "Solid orange: L = 6 ξ_c from the mean-field correlation map (Schoenholz et al. 2017), the claimed edge of the trainable region; dashed: 3 ξ_c. ξ_c diverges at the χ = 1 line.",
            fig.ToSvg());
    }

    /// <summary>The contiguous pieces of the curve y(x) that are finite and inside [yMin, yMax] (a line is not drawn across a gap).</summary>
    internal static List<List<(double X, double Y)>> CurveSegments(IEnumerable<double> xs, Func<double, double> y, double yMin, double yMax)
    {
        var segments = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? current = null;
        foreach (double x in xs)
        {
            double v = y(x);
            if (double.IsFinite(v) && v >= yMin && v <= yMax)
            {
                if (current is null) segments.Add(current = []);
                current.Add((x, v));
            }
            else current = null;
        }

        return segments.Where(s => s.Count > 1).ToList();
    }
}

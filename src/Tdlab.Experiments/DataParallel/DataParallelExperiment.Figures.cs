using Tdlab.Lab.Claims;
using Tdlab.Lab.Figures;
using Tdlab.Lab.Reports;
using static Tdlab.Experiments.DataParallel.DataParallelMetrics;

namespace Tdlab.Experiments.DataParallel;

/// <summary>The figures: steps vs batch size with the fit and the noise scale; B_simple during training; the speedup model.</summary>
public sealed partial class DataParallelExperiment
{
    public override IEnumerable<ReportFigure> Figures(Results<DataParallelRun> results)
    {
        var seeds = results.ByReplicate.Select(g => (Seed: g.Key, Summary: Summary.Of(g.ToList()))).ToList();
        if (seeds.Count == 0) yield break;
        yield return StepsFigure(seeds);
        yield return NoiseFigure(results);
        var config = Replan(results);
        double perExample = Median(results.Done.Where(r => r.Has(SecondsPerExample)).Select(r => r.Final(SecondsPerExample)));
        double parameters = results.Done.Select(r => r.Final(Parameters)).FirstOrDefault(double.NaN);
        if (double.IsFinite(perExample) && double.IsFinite(parameters))
            yield return SpeedupFigure(seeds.Select(s => s.Summary).ToList(), config, perExample, parameters);
    }

    private static ReportFigure StepsFigure(List<(int Seed, Summary Summary)> seeds)
    {
        var fig = new Figure("Steps to target vs batch size", 760, 480);
        var ax = fig.AddPanel("batch size B", "steps to target S(B)", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        foreach (var (seed, s) in seeds)
        {
            var color = Palette.Series(seed);
            var reached = s.Curve.Where(p => double.IsFinite(p.Steps)).ToList();
            ax.Scatter(reached.Select(p => p.Batch), reached.Select(p => p.Steps), $"seed {seed}", color);
            if (!double.IsFinite(s.CriticalBatch)) continue;
            var bs = Enumerable.Range(0, 41).Select(k => s.Curve[0].Batch * Math.Pow(s.Curve[^1].Batch / s.Curve[0].Batch, k / 40.0)).ToList();
            ax.Line(bs, bs.Select(b => CriticalBatch.Steps(b, s.CriticalBatch, s.MinSteps)), $"fit, B_crit = {Claim.Format(s.CriticalBatch)}", color);
            if (double.IsFinite(s.NoiseScale)) ax.VLine(s.NoiseScale, $"B_simple = {Claim.Format(s.NoiseScale)}", color, LineStyle.Dotted);
        }

        return new ReportFigure("steps_vs_batch.svg",
            "Best steps to the target loss over the learning-rate grid at each batch size (points, one colour per seed), the fit " +
            "S(B) = S_min (1 + B_crit / B) (lines: slope −1 below the knee B_crit, flat above) and the gradient noise scale B_simple " +
            "measured at the target (dotted). Batch sizes where no learning rate reached the target are left out.", fig.ToSvg());
    }

    private static ReportFigure NoiseFigure(Results<DataParallelRun> results)
    {
        var fig = new Figure("Gradient noise scale during training (seed 0)", 760, 480);
        var ax = fig.AddPanel("training loss / target", "B_simple = tr(Σ) / |G|²", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        var best = results.Done.Where(r => r.Replicate == 0 && r.Has(StepsToTarget)).GroupBy(r => r.Config.BatchSize)
            .OrderBy(g => g.Key).Select(g => g.MinBy(StepsOf)!);
        int k = 0;
        foreach (var run in best)
        {
            double target = run.Final(Target);
            var loss = run.Series(Loss).ToDictionary(p => p.Step, p => p.Value);
            var points = run.Series(NoiseScale).Where(p => loss.ContainsKey(p.Step)).ToList();
            ax.Line(points.Select(p => loss[p.Step] / target), points.Select(p => p.Value),
                $"B = {run.Config.BatchSize}, lr = {Claim.Format(run.Config.LearningRate)}", Palette.Series(k++));
        }

        return new ReportFigure("noise_scale.svg",
            "B_simple measured on all training examples against the training loss (relative to the target; training runs right to left), " +
            "for the best run of each batch size of seed 0. The noise scale grows as the loss falls (McCandlish et al. 2018, §3).", fig.ToSvg());
    }

    private static ReportFigure SpeedupFigure(List<Summary> seeds, DataParallelConfig c, double perExample, double parameters)
    {
        // The curve for the model: per batch size the median over seeds of the best steps to target.
        var curve = seeds[0].Curve.Select((p, i) => (p.Batch, Median(seeds.Select(s => s.Curve[i].Steps)))).ToList();
        double bytes = parameters * c.BytesPerParameter, latency = c.LatencyMicroseconds * 1e-6;
        var fig = new Figure("Predicted speedup of synchronous data-parallel SGD (a model)", 760, 480);
        var ax = fig.AddPanel("machines N", "predicted speedup time(1) / time(N)", xLog: true, yLog: true);
        ax.LegendPosition = LegendPosition.OutsideRight;
        var n = c.Machines.Order().Select(m => (double)m).ToList();
        ax.Line(n, n, "ideal (speedup N)", Color.Parse("#999999"), LineStyle.Dashed);
        int k = 0;
        foreach (double gbit in c.BandwidthsGbit.Order())
        {
            double bytesPerSecond = gbit * 1e9 / 8;
            ax.Line(n, c.Machines.Order().Select(m => RingAllReduce.Speedup(curve, m, perExample, bytes, bytesPerSecond, latency)),
                $"{Claim.Format(gbit)} Gbit/s", Palette.Series(k++));
        }

        return new ReportFigure("speedup_model.svg",
            $"A MODEL, not a measurement: the speedup N machines would give, time to target on one machine over that on N, with a step of global batch B " +
            $"costing c B / N + 2 (N − 1) / N × {Claim.Format(bytes)} bytes / bandwidth + {Claim.Format(c.LatencyMicroseconds)} µs (ring all-reduce of " +
            $"{Claim.Format(parameters)} parameters at {c.BytesPerParameter} bytes), c = {Claim.Format(perExample)} s per example measured here, the steps " +
            "from the measured curve (median over seeds) and, for each N, the best measured batch size B ≥ N. Past the knee a larger batch " +
            "no longer saves steps, so the speedup flattens even with free communication.", fig.ToSvg());
    }

    /// <summary>The sweep config of the results' plan, for the model's settings.</summary>
    private static DataParallelConfig Replan(Results<DataParallelRun> results) =>
        Tdlab.Lab.Specs.CanonicalJson.Deserialize<DataParallelConfig>(results.Plan.ConfigJson);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}

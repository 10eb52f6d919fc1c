using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>The issue's expected results, measured from the stored runs.</summary>
public sealed partial class LipschitzExperiment
{
    /// <summary>Spectral normalisation keeps each layer's norm (and the bound / prod Lip(phi)) at most 1 + this.</summary>
    public const double SpectralTolerance = 1e-2;

    /// <summary>Power iteration and SVD agree to this relative difference.</summary>
    public const double PowerIterationTolerance = 1e-4;

    /// <summary>Smallest rise of test error above its running minimum (over smaller widths) that counts as a peak.</summary>
    public const double PeakThreshold = 0.01;

    public override IEnumerable<Claim> Claims(Results<LipschitzRun> results)
    {
        var done = results.Done.ToList();
        if (done.Count == 0)
        {
            yield return results.Check("no-runs", "the sweep has finished runs", double.NaN, "> 0 runs", false);
            yield break;
        }

        // (1) lower <= upper at every logged point of every run.
        var points = done.SelectMany(r => Steps(r).Select(s => (Run: r, Step: s, Ratio: r.At("lower", s) / Math.Exp(r.At("log_upper", s))))).ToList();
        var worst = points.Count > 0 ? points.MaxBy(p => p.Ratio) : default;
        if (points.Count > 0)
            yield return results.AtMost("lower-below-upper",
            "the empirical lower bound max_i ||J(x_i)||_2 is at most the upper bound prod_l ||W_l||_2 prod Lip(phi) at every logged point (max ratio lower / upper)",
            worst.Ratio, 1.0,
            $"{points.Count} logged points over {done.Count} runs; ratio lower / upper from {Claim.Format(points.Min(p => p.Ratio))} to " +
            $"{Claim.Format(worst.Ratio)} (at {worst.Run.Config.Study} {worst.Run.Config.Variant} width {worst.Run.Config.Width}, step {worst.Step})");

        // (2) power iteration agrees with SVD.
        var diffs = done.SelectMany(r => r.Series("sn_rel_diff").Select(p => p.Value)).ToList();
        if (diffs.Count > 0)
            yield return results.AtMost("power-iteration-matches-svd",
            "per-layer largest singular value by power iteration agrees with exact SVD (max relative difference over every layer and logged point)",
            diffs.Max(), PowerIterationTolerance, $"{diffs.Count} logged points; median {Claim.Format(Median(diffs))}");

        // (3) spectral normalisation: each layer <= 1 + tol, bound <= (1 + tol) prod Lip(phi).
        var sn = done.Where(r => r.Config.IsVariant && r.Config.Variant == LipschitzRun.SpectralNormVariant).ToList();
        if (sn.Count > 0)
        {
            var layerNorms = sn.SelectMany(r => Steps(r).SelectMany(s => Enumerable.Range(1, r.Config.Layers).Select(l => r.At($"sn_l{l}", s)))).ToList();
            yield return results.AtMost("spectral-norm-layers",
                "spectral normalisation keeps every layer's spectral norm ||W_l / sigma_l||_2 at most 1 + 1e-2 (max over layers, logged points, seeds)",
                layerNorms.Max(), 1 + SpectralTolerance,
                $"{layerNorms.Count} layer norms (eval mode: W / u^T W v with the u, v of the last training forward, " +
                $"{sn[0].Config.PowerIterations} power iteration(s) per step, {sn[0].Config.Optimizer} lr {Claim.Format(sn[0].Config.LearningRate)}) from {Claim.Format(layerNorms.Min())} to {Claim.Format(layerNorms.Max())}; " +
                $"{layerNorms.Count(v => v > 1 + SpectralTolerance)} above 1 + 1e-2; median {Claim.Format(Median(layerNorms))}");
            var excess = sn.SelectMany(r => Steps(r).Select(s => Math.Exp(r.At("log_upper", s) - r.At("log_act", s)))).ToList();
            yield return results.AtMost("spectral-norm-bound",
                "with spectral normalisation the Lipschitz upper bound is at most the product of the activations' Lipschitz constants (max of bound / prod Lip(phi), tolerance 1e-2)",
                excess.Max(), 1 + SpectralTolerance,
                $"bound / prod Lip(phi) from {Claim.Format(excess.Min())} to {Claim.Format(excess.Max())}; prod Lip(phi) = {Claim.Format(Math.Exp(sn[0].Final("log_act")))}");
        }

        // (4) weight decay ends with a smaller bound than plain training (paired by replicate).
        var plain = FinalBounds(done, LipschitzRun.Plain);
        var decay = FinalBounds(done, LipschitzRun.WeightDecayVariant);
        var pairs = plain.Keys.Intersect(decay.Keys).Order().ToList();
        if (pairs.Count > 0)
        {
            var logRatio = pairs.Select(k => decay[k] - plain[k]).ToList();
            yield return results.AtMost("weight-decay-smaller-bound",
                "weight decay ends with a smaller Lipschitz upper bound than plain training (largest over seeds of log(bound_wd / bound_plain), must be < 0)",
                logRatio.Max(), -1e-12,
                string.Join("; ", pairs.Select(k => $"seed {k}: bound plain {Claim.Format(Math.Exp(plain[k]))}, weight decay {Claim.Format(Math.Exp(decay[k]))}")));
        }

        // (5) width sweep: is test error non-monotonic in width?
        var sweep = WidthPoints(results);
        if (sweep.Count >= 3)
        {
            var sweep0 = done.First(r => r.Config.IsWidth).Config;
            var (height, at) = PeakAboveEnvelope(sweep.Select(p => p.TestError.Mean).ToArray());
            double se = at < 0 ? 0 : sweep[at].TestError.Std / Math.Sqrt(Math.Max(1, sweep[at].TestError.Count));
            double threshold = Math.Max(PeakThreshold, 2 * se);
            yield return results.Check("width-non-monotonic",
                $"test error vs width (label noise, small training set, {sweep0.Optimizer} training) is non-monotonic: height of its largest rise above the running minimum over smaller widths",
                height, $">= max({Claim.Format(PeakThreshold)}, 2 SE) = {Claim.Format(threshold)}", height >= threshold,
                (at < 0 ? "test error never rises with width; " : $"peak at width {sweep[at].Width}; ") +
                "curve (width: test error, train error, log bound): " + string.Join("; ", sweep.Select(p =>
                    $"{p.Width}: {Claim.Format(p.TestError.Mean)}, {Claim.Format(p.TrainError.Mean)}, {Claim.Format(p.LogUpper.Mean)}")));
        }
    }

    /// <summary>
    /// Largest rise e_i - min_{j &lt; i} e_j of a curve above its running minimum (the monotone non-increasing
    /// envelope from the left), and where it occurs (-1 if the curve never rises).
    /// </summary>
    public static (double Height, int Index) PeakAboveEnvelope(IReadOnlyList<double> curve)
    {
        double best = double.PositiveInfinity, height = 0;
        int at = -1;
        for (int i = 0; i < curve.Count; i++)
        {
            if (curve[i] - best > height) (height, at) = (curve[i] - best, i);
            best = Math.Min(best, curve[i]);
        }

        return (height, at);
    }

    /// <summary>Logged steps of a run (those with a log_upper value).</summary>
    private static IEnumerable<int> Steps(RunView<LipschitzRun> run) => run.Series("log_upper").Select(p => p.Step);

    private static Dictionary<int, double> FinalBounds(List<RunView<LipschitzRun>> done, string variant) =>
        done.Where(r => r.Config.IsVariant && r.Config.Variant == variant && !r.Diverged)
            .ToDictionary(r => r.Replicate, r => r.Final("log_upper"));

    private static double Median(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Order().ElementAt(xs.Count / 2);

    /// <summary>Final metrics of the width sweep over seeds, by increasing width.</summary>
    internal static List<WidthPoint> WidthPoints(Results<LipschitzRun> results) =>
        results.Done.Where(r => r.Config.IsWidth)
            .GroupBy(r => r.Config.Width)
            .OrderBy(g => g.Key)
            .Select(g => new WidthPoint(g.Key,
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : 1 - r.Final("test_accuracy"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : 1 - r.Final("accuracy"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final("log_upper"))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : Math.Log(r.Final("lower"))))))
            .ToList();

    /// <summary>One width of the sweep over seeds: final test and train error, log upper and log lower bound.</summary>
    internal sealed record WidthPoint(int Width, MeanStd TestError, MeanStd TrainError, MeanStd LogUpper, MeanStd LogLower);
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.Lipschitz.LipschitzMetrics;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>The seed's expected results, pre-registered as claims and decided from the stored runs; the bound identities as checks.</summary>
public sealed partial class LipschitzExperiment
{
    /// <summary>Spectral normalisation keeps each layer's norm (and the bound / prod Lip(phi)) below 1 + this.</summary>
    public const double SpectralTolerance = 1e-2;

    /// <summary>Power iteration and SVD agree to this relative difference.</summary>
    public const double PowerIterationTolerance = 1e-4;

    /// <summary>Smallest rise of test error above its running minimum (over smaller widths) that counts as a peak.</summary>
    public const double PeakThreshold = 0.01;

    private const string LipschitzPlan = "Experimental Plans (per topic), 4. Lipschitz Constant (Spectral Norm Analysis)";

    private static readonly SeedStatement ConstrainShrinks = new("seed 000", LipschitzPlan + ", Expected results",
        "By constraining spectral norms (or by using weight decay), the Lipschitz bound should shrink");

    private static readonly SeedStatement DoubleDescent = new("seed 000", LipschitzPlan + ", What to explore",
        "We may experiment with over-parameterized settings (varying width) to see double-descent effects.");

    public static readonly ClaimSpec SpectralNormLayers = new("spectral-norm-layers",
        "spectral normalisation (Miyato et al. 2018: W / σ with σ from one power iteration per training step) keeps every layer's spectral norm at most 1 throughout training",
        ConstrainShrinks, "max over weight layers and logged epochs of ‖W_l / σ_l‖₂ (exact SVD of the matrix the layer applies in eval mode) of the replicate's spectral-norm run",
        Rule.Below(1 + SpectralTolerance));

    public static readonly ClaimSpec SpectralNormBound = new("spectral-norm-bound",
        "with spectral normalisation the Lipschitz upper bound prod_l ‖W_l‖₂ prod Lip(φ) stays at most the activations' product prod Lip(φ)",
        ConstrainShrinks, "max over logged epochs of (upper bound) / prod Lip(φ) of the replicate's spectral-norm run",
        Rule.Below(1 + SpectralTolerance));

    public static readonly ClaimSpec WeightDecaySmallerBound = new("weight-decay-smaller-bound",
        "weight decay ends training with a smaller Lipschitz upper bound than plain training",
        ConstrainShrinks, "ln(bound_weight-decay / bound_plain) of the final upper bounds, paired within a replicate (same data, initial weights and minibatch order)",
        Rule.Below(0));

    public static readonly ClaimSpec WidthNonMonotonic = new("width-non-monotonic",
        "test error against hidden width (small training set with label noise) is non-monotonic: it rises again past a first minimum (double descent)",
        DoubleDescent, "height of the largest rise of the replicate's test-error-vs-width curve above its running minimum over smaller widths " +
        "(random-features min-norm fit as in Belkin et al. 2019, or Adam with sweep-optimizer=adam)",
        Rule.Above(PeakThreshold));

    public override IEnumerable<Claim> Claims(Results<LipschitzRun> results)
    {
        var done = results.Done.ToList();
        var sn = done.Where(r => r.Config.IsVariant && r.Config.Variant == Variant.SpectralNorm).ToList();
        if (sn.Count == 0)
        {
            yield return results.NotMeasured(SpectralNormLayers, "no finished spectral-norm run");
            yield return results.NotMeasured(SpectralNormBound, "no finished spectral-norm run");
        }
        else
        {
            var layerNorms = sn.SelectMany(LayerNorms).ToList();
            var c = sn[0].Config;
            yield return results.Claim(SpectralNormLayers, Estimate.Mean(sn.Select(r => r.Diverged ? double.NaN : LayerNorms(r).Max())),
                $"{layerNorms.Count} layer norms (eval mode: W / u^T W v with the u, v of the last training forward, " +
                $"{c.PowerIterations} power iteration(s) per step, {EnumNames.Of(c.Optimizer)} lr {Claim.Format(c.LearningRate)}) from {Claim.Format(layerNorms.Min())} to {Claim.Format(layerNorms.Max())}; " +
                $"{layerNorms.Count(v => v > 1 + SpectralTolerance)} above 1 + 1e-2; median {Claim.Format(Median(layerNorms))}");
            var excess = sn.SelectMany(BoundOverActivations).ToList();
            yield return results.Claim(SpectralNormBound, Estimate.Mean(sn.Select(r => r.Diverged ? double.NaN : BoundOverActivations(r).Max())),
                $"bound / prod Lip(φ) from {Claim.Format(excess.Min())} to {Claim.Format(excess.Max())}; prod Lip(φ) = {Claim.Format(Math.Exp(sn[0].Final(LogActivation)))}");
        }

        var plain = FinalBounds(done, Variant.Plain);
        var decay = FinalBounds(done, Variant.WeightDecay);
        var pairs = plain.Keys.Intersect(decay.Keys).Order().ToList();
        yield return pairs.Count == 0
            ? results.NotMeasured(WeightDecaySmallerBound, "needs plain and weight-decay runs of the same replicate")
            : results.Claim(WeightDecaySmallerBound, Estimate.Mean(pairs.Select(k => decay[k] - plain[k])),
                string.Join("; ", pairs.Select(k => $"seed {k}: bound plain {Claim.Format(Math.Exp(plain[k]))}, weight decay {Claim.Format(Math.Exp(decay[k]))}")));

        var sweep = WidthPoints(results);
        if (sweep.Count < 3)
        {
            yield return results.NotMeasured(WidthNonMonotonic, "the width sweep needs at least 3 widths");
        }
        else
        {
            var heights = results.PerReplicate(ReplicatePeakHeight);
            var (height, at) = PeakAboveEnvelope(sweep.Select(p => p.TestError.Mean).ToArray());
            var optimizer = done.First(r => r.Config.IsWidth).Config.Optimizer;
            yield return results.Claim(WidthNonMonotonic, Estimate.Mean(heights),
                $"{EnumNames.Of(optimizer)} fit; per replicate: {string.Join(", ", heights.Select(Claim.Format))}; seed-mean curve: " +
                (at < 0 ? "never rises with width; " : $"largest rise {Claim.Format(height)} at width {sweep[at].Width}; ") +
                "curve (width: test error, train error, log bound): " + string.Join("; ", sweep.Select(p =>
                    $"{p.Width}: {Claim.Format(p.TestError.Mean)}, {Claim.Format(p.TrainError.Mean)}, {Claim.Format(p.LogUpper.Mean)}")));
        }
    }

    public override IEnumerable<Check> Checks(Results<LipschitzRun> results)
    {
        var done = results.Done.ToList();
        // lower <= upper at every logged point of every run: Lip(f) lies between them.
        var points = done.SelectMany(r => Steps(r).Select(s => (Run: r, Step: s, Ratio: r.At(Lower, s) / Math.Exp(r.At(LogUpper, s))))).ToList();
        if (points.Count > 0)
        {
            var worst = points.MaxBy(p => p.Ratio);
            yield return results.Check("lower-below-upper",
                "the empirical lower bound max_i ‖J(x_i)‖₂ is at most the upper bound prod_l ‖W_l‖₂ prod Lip(φ) at every logged point (max ratio lower / upper)",
                worst.Ratio, "<= 1", worst.Ratio <= 1,
                $"{points.Count} logged points over {done.Count} runs; ratio lower / upper from {Claim.Format(points.Min(p => p.Ratio))} to " +
                $"{Claim.Format(worst.Ratio)} (at {EnumNames.Of(worst.Run.Config.Study)} {EnumNames.Of(worst.Run.Config.Variant)} width {worst.Run.Config.Width}, step {worst.Step})");
        }

        var diffs = done.SelectMany(r => r.Series(PowerIterationError).Select(p => p.Value)).ToList();
        if (diffs.Count > 0)
            yield return results.Check("power-iteration-matches-svd",
                "per-layer largest singular value by power iteration agrees with exact SVD (max relative difference over every layer and logged point)",
                diffs.Max(), $"<= {Claim.Format(PowerIterationTolerance)}", diffs.Max() <= PowerIterationTolerance,
                $"{diffs.Count} logged points; median {Claim.Format(Median(diffs))}");
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

    /// <summary>The peak height of one replicate's test error against width (NaN with fewer than 3 widths or a diverged run).</summary>
    internal static double ReplicatePeakHeight(IReadOnlyList<RunView<LipschitzRun>> runs)
    {
        var curve = runs.Where(r => r.Config.IsWidth).OrderBy(r => r.Config.Width).ToList();
        return curve.Count < 3 || curve.Any(r => r.Diverged) ? double.NaN : PeakAboveEnvelope(curve.Select(r => 1 - r.Final(TestAccuracy)).ToArray()).Height;
    }

    /// <summary>Logged steps of a run (those with a log_upper value).</summary>
    private static IEnumerable<int> Steps(RunView<LipschitzRun> run) => run.Series(LogUpper).Select(p => p.Step);

    /// <summary>||W_l||_2 of every layer at every logged step.</summary>
    private static IEnumerable<double> LayerNorms(RunView<LipschitzRun> r) =>
        Steps(r).SelectMany(s => Enumerable.Range(1, r.Config.Layers).Select(l => r.At(LayerSpectralNorm.At(l), s)));

    /// <summary>Upper bound / prod Lip(phi) at every logged step.</summary>
    private static IEnumerable<double> BoundOverActivations(RunView<LipschitzRun> r) =>
        Steps(r).Select(s => Math.Exp(r.At(LogUpper, s) - r.At(LogActivation, s)));

    private static Dictionary<int, double> FinalBounds(List<RunView<LipschitzRun>> done, Variant variant) =>
        done.Where(r => r.Config.IsVariant && r.Config.Variant == variant && !r.Diverged)
            .ToDictionary(r => r.Replicate, r => r.Final(LogUpper));

    private static double Median(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Order().ElementAt(xs.Count / 2);

    /// <summary>Final metrics of the width sweep over seeds, by increasing width.</summary>
    internal static List<WidthPoint> WidthPoints(Results<LipschitzRun> results) =>
        results.Done.Where(r => r.Config.IsWidth)
            .GroupBy(r => r.Config.Width)
            .OrderBy(g => g.Key)
            .Select(g => new WidthPoint(g.Key,
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : 1 - r.Final(TestAccuracy))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : 1 - r.Final(Accuracy))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(LogUpper))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : Math.Log(r.Final(Lower))))))
            .ToList();

    /// <summary>One width of the sweep over seeds: final test and train error, log upper and log lower bound.</summary>
    internal sealed record WidthPoint(int Width, MeanStd TestError, MeanStd TrainError, MeanStd LogUpper, MeanStd LogLower);
}

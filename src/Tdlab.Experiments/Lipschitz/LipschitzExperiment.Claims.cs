using Tdlab.Experiments.Common;
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

    /// <summary>Claimed fraction of the test-error descent that comes after the empirical Lipschitz estimate peaks.</summary>
    public const double DescentAfterPeakThreshold = 0.5;

    private static readonly SeedStatement ConstrainShrinks = new("seed 000", LipschitzPlan + ", Expected results",
        "By constraining spectral norms (or by using weight decay), the Lipschitz bound should shrink");

    private static readonly SeedStatement PeaksBeforeDescent = new("seed 000", LipschitzPlan + ", Expected results",
        "We expect to observe that the empirical Lipschitz constant can exhibit non-trivial trends during training, often peaking before a descent in test error");

    private static readonly SeedStatement HigherWorse = new("seed 000", LipschitzPlan + ", Expected results",
        "Prior work reports that higher Lipschitz (more sensitive models) often correlate with worse generalization");

    private static readonly SeedStatement DoubleDescent = new("seed 000", LipschitzPlan + ", What to explore",
        "We may experiment with over-parameterized settings (varying width) to see double-descent effects.");

    public static readonly ClaimSpec SpectralNormShrinksLayers = new("spectral-norm-shrinks-layers",
        "spectral normalisation ends training with a smaller spectral norm than plain training in every weight layer",
        ConstrainShrinks, "ln(‖W_l‖₂ spectral-norm / ‖W_l‖₂ plain) of the final exact per-layer norms, paired within a replicate " +
        "(same data, initial weights and minibatch order); one component per layer, all must hold (intersection-union)",
        Rule.Below(0));

    public static readonly ClaimSpec SpectralNormShrinksBound = new("spectral-norm-shrinks-bound",
        "spectral normalisation ends training with a smaller Lipschitz upper bound than plain training (the accuracy it costs is reported)",
        ConstrainShrinks, "ln(bound_spectral-norm / bound_plain) of the final upper bounds prod_l ‖W_l‖₂ prod Lip(φ), paired within a replicate",
        Rule.Below(0));

    public static readonly ClaimSpec WeightDecaySmallerBound = new("weight-decay-smaller-bound",
        "weight decay ends training with a smaller Lipschitz upper bound than plain training",
        ConstrainShrinks, "ln(bound_weight-decay / bound_plain) of the final upper bounds, paired within a replicate (same data, initial weights and minibatch order)",
        Rule.Below(0));

    public static readonly ClaimSpec LipschitzPeaksBeforeDescent = new("lipschitz-peaks-before-descent",
        $"in plain training the empirical Lipschitz estimate peaks before most of the test-error descent (> {DescentAfterPeakThreshold} of it comes after the peak)",
        PeaksBeforeDescent, "plain run: with e* the logged epoch of the largest empirical Lipschitz estimate max_i ‖J(x_i)‖₂ (probe batch), " +
        "(test error at e* - final test error) / (test error at epoch 0 - final test error), the fraction of the descent that follows the peak " +
        "(0 when the estimate peaks at the last epoch)",
        Rule.Above(DescentAfterPeakThreshold));

    public static readonly ClaimSpec LipschitzTracksTestError = new("lipschitz-tracks-test-error",
        "over the epochs of plain training a higher empirical Lipschitz estimate goes with a higher test error",
        HigherWorse, "plain run: Spearman rank correlation over the logged epochs (0..epochs) of the empirical Lipschitz estimate max_i ‖J(x_i)‖₂ with the test error",
        Rule.Above(0));

    public static readonly ClaimSpec WidthNonMonotonicTrained = new("width-non-monotonic-trained",
        "with every layer trained (Adam on cross-entropy, label noise), test error against hidden width is non-monotonic: it rises again past a first minimum " +
        "(model-wise double descent of Nakkiran et al. 2019)",
        DoubleDescent, "height of the largest rise of the replicate's test-error-vs-width curve of the trained sweep above its running minimum over smaller widths",
        Rule.Above(PeakThreshold));

    public static readonly ClaimSpec WidthNonMonotonic = new("width-non-monotonic",
        "test error against hidden width (small training set with label noise) is non-monotonic: it rises again past a first minimum (double descent); " +
        "the default sweep is the random-features variant (min-norm last layer), sweep-optimizer=adam trains every layer",
        DoubleDescent, "height of the largest rise of the replicate's test-error-vs-width curve above its running minimum over smaller widths " +
        "(random-features min-norm fit as in Belkin et al. 2019, or Adam with sweep-optimizer=adam)",
        Rule.Above(PeakThreshold));

    public override IEnumerable<Claim> Claims(Results<LipschitzRun> results)
    {
        var done = results.Done.ToList();
        var plainRuns = VariantRuns(done, Variant.Plain);
        var snRuns = VariantRuns(done, Variant.SpectralNorm);
        var snPairs = plainRuns.Keys.Intersect(snRuns.Keys).Order().ToList();
        if (snPairs.Count == 0)
        {
            yield return results.NotMeasured(SpectralNormShrinksLayers, "needs plain and spectral-norm runs of the same replicate");
            yield return results.NotMeasured(SpectralNormShrinksBound, "needs plain and spectral-norm runs of the same replicate");
        }
        else
        {
            int layers = plainRuns[snPairs[0]].Config.Layers;
            yield return results.ClaimAll(SpectralNormShrinksLayers, Enumerable.Range(1, layers).Select(l =>
                    ($"layer {l}", Estimate.Mean(PairedLogRatios(done, Variant.SpectralNorm, r => Math.Log(r.Final(LayerSpectralNorm.At(l)))))))
                .ToList(),
                "final ‖W_l‖₂ plain -> spectral-norm per seed: " + string.Join("; ", snPairs.Select(k => $"seed {k}: " + string.Join(", ",
                    Enumerable.Range(1, layers).Select(l => $"{Claim.Format(plainRuns[k].Final(LayerSpectralNorm.At(l)))}->{Claim.Format(snRuns[k].Final(LayerSpectralNorm.At(l)))}")))));
            var cost = Estimate.Mean(snPairs.Select(k => plainRuns[k].Final(TestAccuracy) - snRuns[k].Final(TestAccuracy)));
            yield return results.Claim(SpectralNormShrinksBound, Estimate.Mean(PairedLogRatios(done, Variant.SpectralNorm, r => r.Final(LogUpper))),
                $"accuracy cost (plain - spectral-norm final test accuracy): {cost.Describe()}; " +
                string.Join("; ", snPairs.Select(k => $"seed {k}: bound plain {Claim.Format(Math.Exp(plainRuns[k].Final(LogUpper)))}, spectral-norm " +
                    $"{Claim.Format(Math.Exp(snRuns[k].Final(LogUpper)))}, test accuracy {Claim.Format(plainRuns[k].Final(TestAccuracy))} vs {Claim.Format(snRuns[k].Final(TestAccuracy))}")));
        }

        var decayRuns = VariantRuns(done, Variant.WeightDecay);
        var pairs = plainRuns.Keys.Intersect(decayRuns.Keys).Order().ToList();
        yield return pairs.Count == 0
            ? results.NotMeasured(WeightDecaySmallerBound, "needs plain and weight-decay runs of the same replicate")
            : results.Claim(WeightDecaySmallerBound, Estimate.Mean(PairedLogRatios(done, Variant.WeightDecay, r => r.Final(LogUpper))),
                string.Join("; ", pairs.Select(k => $"seed {k}: bound plain {Claim.Format(Math.Exp(plainRuns[k].Final(LogUpper)))}, weight decay " +
                    $"{Claim.Format(Math.Exp(decayRuns[k].Final(LogUpper)))}, test accuracy {Claim.Format(plainRuns[k].Final(TestAccuracy))} vs {Claim.Format(decayRuns[k].Final(TestAccuracy))}")));

        if (plainRuns.Count == 0)
        {
            yield return results.NotMeasured(LipschitzPeaksBeforeDescent, "no finished plain run");
            yield return results.NotMeasured(LipschitzTracksTestError, "no finished plain run");
        }
        else
        {
            var keys = plainRuns.Keys.Order().ToList();
            var curves = keys.ToDictionary(k => k, k => EpochCurve(plainRuns[k]));
            var after = keys.Select(k => DescentAfterPeak(curves[k].Lipschitz, curves[k].TestError)).ToList();
            yield return results.Claim(LipschitzPeaksBeforeDescent, Estimate.Mean(after),
                string.Join("; ", keys.Select(k => $"seed {k}: peak at epoch {ArgMax(curves[k].Lipschitz)} of {curves[k].Lipschitz.Count - 1}, " +
                    $"fraction after {Claim.Format(DescentAfterPeak(curves[k].Lipschitz, curves[k].TestError))}, test error " +
                    $"{Claim.Format(curves[k].TestError[0])} -> {Claim.Format(curves[k].TestError[^1])}, estimate " +
                    $"{Claim.Format(curves[k].Lipschitz[0])} -> max {Claim.Format(curves[k].Lipschitz.Max())} -> {Claim.Format(curves[k].Lipschitz[^1])}")));
            var rhos = keys.Select(k => Spearman(curves[k].Lipschitz, curves[k].TestError)).ToList();
            var upperRhos = keys.Select(k => Spearman(plainRuns[k].Series(LogUpper).Select(p => p.Value).ToList(), curves[k].TestError)).ToList();
            yield return results.Claim(LipschitzTracksTestError, Estimate.Mean(rhos),
                $"rho per seed: {string.Join(", ", rhos.Select(Claim.Format))}; the same with the upper bound in place of the estimate: " +
                string.Join(", ", upperRhos.Select(Claim.Format)));
        }

        var primary = PrimarySweep(done);
        yield return WidthClaim(results, WidthNonMonotonic, primary);
        yield return primary == OptimizerKind.MinNorm && done.Any(r => r.Config.IsWidth && r.Config.Optimizer == OptimizerKind.Adam)
            ? WidthClaim(results, WidthNonMonotonicTrained, OptimizerKind.Adam)
            : results.NotMeasured(WidthNonMonotonicTrained, "no trained width sweep beside the random-features one (trained-sweep=false; the full preset runs it)");
    }

    /// <summary>The optimiser of the main width sweep: min-norm (random features) when there are such runs, else Adam.</summary>
    private static OptimizerKind PrimarySweep(IEnumerable<RunView<LipschitzRun>> done) =>
        done.Any(r => r.Config.IsWidth && r.Config.Optimizer == OptimizerKind.MinNorm) ? OptimizerKind.MinNorm : OptimizerKind.Adam;

    private static Claim WidthClaim(Results<LipschitzRun> results, ClaimSpec spec, OptimizerKind optimizer)
    {
        var sweep = WidthPoints(results, optimizer);
        if (sweep.Count < 3)
            return results.NotMeasured(spec, "the width sweep needs at least 3 widths");
        {
            var heights = results.PerReplicate(runs => ReplicatePeakHeight(runs, optimizer));
            var (height, at) = PeakAboveEnvelope(sweep.Select(p => p.TestError.Mean).ToArray());
            return results.Claim(spec, Estimate.Mean(heights),
                $"{(optimizer == OptimizerKind.MinNorm ? "random-features variant (min-norm fit)" : EnumNames.Of(optimizer) + ", every layer trained")}; " +
                $"per replicate: {string.Join(", ", heights.Select(Claim.Format))}; seed-mean curve: " +
                (at < 0 ? "never rises with width; " : $"largest rise {Claim.Format(height)} at width {sweep[at].Width}; ") +
                "curve (width: test error, train error, log bound): " + string.Join("; ", sweep.Select(p =>
                    $"{p.Width}: {Claim.Format(p.TestError.Mean)}, {Claim.Format(p.TrainError.Mean)}, {Claim.Format(p.LogUpper.Mean)}")));
        }
    }

    /// <summary>
    /// Per replicate with finished (not diverged) plain and <paramref name="treated"/> variant runs, by replicate:
    /// logValue(treated) - logValue(plain), e.g. ln(bound_treated / bound_plain).
    /// </summary>
    public static List<double> PairedLogRatios(IEnumerable<RunView<LipschitzRun>> runs, Variant treated, Func<RunView<LipschitzRun>, double> logValue)
    {
        var list = runs.ToList();
        var plain = VariantRuns(list, Variant.Plain);
        var other = VariantRuns(list, treated);
        return plain.Keys.Intersect(other.Keys).Order().Select(k => logValue(other[k]) - logValue(plain[k])).ToList();
    }

    /// <summary>
    /// The fraction of a test-error descent that follows the peak of the Lipschitz estimate: with e* = argmax of
    /// <paramref name="lipschitz"/> (first on ties), (err(e*) - err(last)) / (err(0) - err(last)); NaN when the test error does not fall.
    /// </summary>
    public static double DescentAfterPeak(IReadOnlyList<double> lipschitz, IReadOnlyList<double> testError)
    {
        double total = testError[0] - testError[^1];
        return total > 0 ? (testError[ArgMax(lipschitz)] - testError[^1]) / total : double.NaN;
    }

    private static int ArgMax(IReadOnlyList<double> v)
    {
        int at = 0;
        for (int i = 1; i < v.Count; i++)
            if (v[i] > v[at]) at = i;
        return at;
    }

    /// <summary>Spearman's rank correlation (ties get their mean rank); NaN with fewer than 3 points or a constant series.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b) => RankCorrelation.Spearman(a, b);

    /// <summary>The empirical Lipschitz estimate (lower) and test error at every logged epoch of a run.</summary>
    internal static (List<double> Lipschitz, List<double> TestError) EpochCurve(RunView<LipschitzRun> r)
    {
        var steps = r.Series(Lower).Select(p => p.Step).ToList();
        return (steps.Select(s => r.At(Lower, s)).ToList(), steps.Select(s => 1 - r.At(TestAccuracy, s)).ToList());
    }

    /// <summary>The finished, not diverged runs of one variant by replicate.</summary>
    private static Dictionary<int, RunView<LipschitzRun>> VariantRuns(List<RunView<LipschitzRun>> done, Variant variant) =>
        done.Where(r => r.Config.IsVariant && r.Config.Variant == variant && !r.Diverged).ToDictionary(r => r.Replicate);

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

        // spectral normalisation honours its constraint where the probe refreshes u, v at the probed W (Miyato's
        // sigma = u^T W v with converged vectors); without a refresh the persistent vectors lag W by one step (sn_lag_max).
        var refreshed = done.Where(r => r.Config.IsVariant && r.Config.Variant == Variant.SpectralNorm && r.Config.ProbeRefreshIterations > 0 && !r.Diverged).ToList();
        if (refreshed.Count > 0)
        {
            var norms = refreshed.SelectMany(LayerNorms).ToList();
            var bounds = refreshed.SelectMany(BoundOverActivations).ToList();
            var lags = refreshed.SelectMany(r => r.Series(SpectralNormLag).Select(p => p.Value)).ToList();
            double worst = Math.Max(norms.Max(), bounds.Max());
            var c = refreshed[0].Config;
            yield return results.Check("spectral-norm-constraint",
                "spectral normalisation keeps every layer's ‖W_l / σ_l‖₂ and the bound / prod Lip(φ) at most 1 + 1e-2 at every logged epoch " +
                "(σ_l = u^T W_l v after the probe's power iterations on the probed W)",
                worst, $"<= {Claim.Format(1 + SpectralTolerance)}", worst <= 1 + SpectralTolerance,
                $"{refreshed.Count} runs, {c.PowerIterations} power iteration(s) per training step, {c.ProbeRefreshIterations} before each probe; " +
                $"layer norms {Claim.Format(norms.Min())} to {Claim.Format(norms.Max())}; before the refresh (u, v of the last training step) " +
                $"the largest layer norm was {Claim.Format(lags.DefaultIfEmpty(double.NaN).Max())} (median {Claim.Format(Median(lags))})");
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
    internal static double ReplicatePeakHeight(IReadOnlyList<RunView<LipschitzRun>> runs, OptimizerKind? optimizer = null)
    {
        var sweep = optimizer ?? PrimarySweep(runs);
        var curve = runs.Where(r => r.Config.IsWidth && r.Config.Optimizer == sweep).OrderBy(r => r.Config.Width).ToList();
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

    private static double Median(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Order().ElementAt(xs.Count / 2);

    /// <summary>Final metrics of the width sweep over seeds, by increasing width.</summary>
    internal static List<WidthPoint> WidthPoints(Results<LipschitzRun> results, OptimizerKind optimizer) =>
        results.Done.Where(r => r.Config.IsWidth && r.Config.Optimizer == optimizer)
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

using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using static Tdlab.Experiments.InitVariance.InitVarianceMetrics;

namespace Tdlab.Experiments.InitVariance;

/// <summary>The seed's expected results, pre-registered as claims and decided from the stored runs.</summary>
public sealed partial class InitVarianceExperiment
{
    /// <summary>"Clearly above chance": final test accuracy at least chance + this margin.</summary>
    public const double TrainedMargin = 0.25;

    /// <summary>"Stalled": final test accuracy below chance + this margin.</summary>
    public const double StalledMargin = 0.10;

    /// <summary>"Broad" stable band: at least this many decades of sigma (fixed before the first run, 2026-12-01).</summary>
    public const double BroadDecades = 1;

    /// <summary>Largest tolerated |slope| per layer of ln ||dL/dW_l|| at critical init, and of |slope / (depth/2) − 1| of the gradient-homogeneity check.</summary>
    public const double SlopeTolerance = 0.1;

    private static readonly SeedStatement SweetSpot = new("seed 000", "Experimental plans, 1. Initialization & Variance Propagation, Expected results",
        "we expect a clear \u201csweet spot\u201d of \u03c3 where training is stable");

    private static readonly SeedStatement Extremes = new("seed 000", "Experimental plans, 1. Initialization & Variance Propagation, Expected results",
        "Very small \u03c3 should yield near-zero updates (vanishing signals), and very large \u03c3 cause unstable training");

    private static readonly SeedStatement KaimingFaster = new("seed 000", "Experimental plans, 1. Initialization & Variance Propagation, Expected results",
        "We anticipate Kaiming init will converge faster and more stably than Xavier for ReLU networks");

    private static readonly SeedStatement Recursion = new("seed 002", "Random Initialization: Vanishing & Exploding Gradient, Matrix Recursion",
        "If \u03c1_i > 1, variance grows exponentially If \u03c1_i < 1, variance decreases exponentially");

    private static readonly SeedStatement BroadBand = new("seed 000", "Plan and README, Selected Topics (with Rationale), Initialization & Variance Propagation (MLP)",
        "inappropriate scales induce vanishing or exploding gradients, while a broad band around (ideal) yields stable learning");

    private static readonly SeedStatement StableGradient = new("seed 002", "Random Initialization: Variance of Gradient",
        "One can show that the variance of the gradient remains stable when the  ${\\sf NN}$  is initialized as");

    public static readonly ClaimSpec BandWidth = new("band-width",
        $"at the fixed learning rate, the band of \u03c3 around \u221a(2/fan_in) that trains to chance + {TrainedMargin} test accuracy spans at least {BroadDecades} decade",
        BroadBand, "log10(\u03c3_hi / \u03c3_lo) of the contiguous grid points around the one nearest \u221a(2/width) whose final test accuracy (not diverged) is at least " +
        $"chance + {TrainedMargin}, each edge interpolated linearly in log \u03c3 to where the accuracy crosses chance + {TrainedMargin} (a diverged neighbour counts as 1 below chance), per seed (0 when that point itself fails)", Rule.Above(BroadDecades));

    public static readonly ClaimSpec BandWidthTuned = new("band-width-tuned",
        $"with the learning rate tuned per \u03c3 (the best of the fixed rate and the control rates), the trainable band spans at least {BroadDecades} decade",
        BroadBand, "as band-width, each \u03c3 taking the best final test accuracy over the learning rates of its seed", Rule.Above(BroadDecades));

    public static readonly ClaimSpec GradientStable = new("gradient-stable",
        "at the critical (Kaiming, fan_in) initialisation the weight-gradient norm neither grows nor shrinks from layer to layer",
        StableGradient, "least-squares slope of ln ||\u2202L/\u2202W_l|| over the hidden-to-hidden layers l = 2..depth at init (per layer), Kaiming run, per seed",
        Rule.Within(-SlopeTolerance, SlopeTolerance));

    public static readonly ClaimSpec GradientStableExample = new("gradient-stable-per-example",
        "at the critical (Kaiming, fan_in) initialisation the per-example weight-gradient norm neither grows nor shrinks from layer to layer " +
        "(added after gradient-stable, on the batch gradient, did not hold)",
        StableGradient, "least-squares slope per layer of ln RMS_i ||\u2202L_i/\u2202W_l|| (per-example losses of 32 probe rows) over the hidden-to-hidden layers " +
        "l = 2..depth at init, Kaiming run, per seed", Rule.Within(-SlopeTolerance, SlopeTolerance));

    /// <summary>Tolerance of the homogeneity checks' slopes (forward: |slope − 1|; gradient: |slope / (depth/2) − 1|).</summary>
    public const double HomogeneityTolerance = 1e-3;

    public static readonly ClaimSpec BandTrains = new("band-trains",
        "weights N(0, \u03c3\u00b2) with \u03c3 at the grid point nearest \u221a(2/fan_in) train to clearly above chance",
        SweetSpot, "final test accuracy minus chance (1 / classes) at the sweep's \u03c3 nearest \u221a(2/width)", Rule.Above(TrainedMargin));

    public static readonly ClaimSpec VanishingStalls = new("vanishing-stalls",
        "at the smallest \u03c3 of the sweep the training loss barely moves",
        Extremes, "|L_end \u2212 L_0| / L_0 of the training loss at the smallest \u03c3", Rule.Below(0.01));

    public static readonly ClaimSpec ExplodingFails = new("exploding-fails",
        "at the largest \u03c3 of the sweep training diverges or stalls in most runs",
        Extremes, $"fraction of replicates whose run at the largest \u03c3 diverged or ended below chance + {StalledMargin} test accuracy (Clopper-Pearson)",
        Rule.Above(0.5));

    public static readonly ClaimSpec KaimingBeatsXavier = new("kaiming-beats-xavier",
        "Kaiming (fan_in) reaches a lower training loss than Xavier for the ReLU net after the same steps",
        KaimingFaster, "ln(L_Kaiming / L_Xavier) of the final training loss, paired within a replicate (same data, draws and minibatches)",
        Rule.Below(0));

    public static readonly ClaimSpec KaimingRecursion = new("kaiming-variance-recursion",
        "Kaiming: the per-layer activation second moment E[F_l^2] at init stays nearly constant (\u03c1 = 1)",
        Recursion, "geometric-mean ratio E[F_(l+1)^2] / E[F_l^2] over the hidden layers at init, Kaiming run", Rule.Within(0.8, 1.25));

    public static readonly ClaimSpec XavierRecursion = new("xavier-variance-recursion",
        "Xavier: the per-layer activation second moment E[F_l^2] at init shrinks by about 2 per layer (\u03c1 = 1/2)",
        Recursion, "geometric-mean ratio E[F_(l+1)^2] / E[F_l^2] over the hidden layers at init, Xavier run", Rule.Within(0.4, 0.6));

    public override IEnumerable<Claim> Claims(Results<InitVarianceRun> results)
    {
        var sweep = SweepPoints(results);
        if (sweep.Count == 0)
        {
            foreach (var spec in new[] { BandTrains, VanishingStalls, ExplodingFails })
                yield return results.NotMeasured(spec, "the sigma sweep has no finished runs");
        }
        else
        {
            double critical = Math.Sqrt(2.0 / results.Done.First().Config.Width);
            double nearest = NearestToCritical(sweep.Select(p => p.Sigma), results.Done.First().Config.Width);
            var band = TrainableBand(sweep, nearest);
            yield return results.Claim(BandTrains,
                Estimate.Mean(SweepRuns(results, nearest).Select(r => AccuracyAboveChance(r.Diverged, r.Final(TestAccuracy), ClassesOf(r)))),
                $"\u03c3 = {Claim.Format(nearest)} (\u221a(2/fan_in) = {Claim.Format(critical)}); contiguous band with mean accuracy \u2265 chance + {TrainedMargin}: " +
                (double.IsNaN(band.Lo) ? "empty" : $"[{Claim.Format(band.Lo)}, {Claim.Format(band.Hi)}] ({Claim.Format(Math.Log10(band.Hi / band.Lo))} decades)") +
                "; " + string.Join("; ", sweep.Select(p => $"\u03c3 {Claim.Format(p.Sigma)}: " +
                    (p.Diverged == p.Runs ? "diverged" : $"acc {Claim.Format(p.TestAccuracy.Mean)}"))));

            var smallest = sweep[0];
            yield return results.Claim(VanishingStalls,
                Estimate.Mean(SweepRuns(results, smallest.Sigma).Select(RelativeLossChange)),
                $"\u03c3 = {Claim.Format(smallest.Sigma)}; loss {Claim.Format(smallest.InitialLoss.Mean)} -> {Claim.Format(smallest.FinalLoss.Mean)}");

            var largest = sweep[^1];
            var atLargest = SweepRuns(results, largest.Sigma).ToList();
            yield return results.Claim(ExplodingFails,
                Estimate.Proportion(atLargest.Count(Failed), atLargest.Count),
                $"\u03c3 = {Claim.Format(largest.Sigma)}: {largest.Diverged} of {largest.Runs} diverged; test accuracy {largest.TestAccuracy} (stalled means < chance + {StalledMargin})");
        }

        var paired = results.PerReplicate(runs => KaimingOverXavier(FinalOf(runs, Scheme.Kaiming), FinalOf(runs, Scheme.Xavier)));
        var kaiming = results.Aggregate(r => r.Scheme == Scheme.Kaiming, r => r.Final(Loss));
        var xavier = results.Aggregate(r => r.Scheme == Scheme.Xavier, r => r.Final(Loss));
        yield return kaiming.Count == 0 || xavier.Count == 0
            ? results.NotMeasured(KaimingBeatsXavier, "needs both named schemes (schemes=xavier,kaiming)")
            : results.Claim(KaimingBeatsXavier, Estimate.Mean(paired), $"final loss Kaiming {kaiming}, Xavier {xavier}");

        foreach (var (spec, scheme) in new[] { (KaimingRecursion, Scheme.Kaiming), (XavierRecursion, Scheme.Xavier) })
        {
            var ratios = results.Done.Where(r => r.Config.Scheme == scheme).Select(r => LayerRatio(r, 0)).ToList();
            yield return ratios.Count == 0
                ? results.NotMeasured(spec, $"no {scheme} runs")
                : results.Claim(spec, Estimate.Mean(ratios), $"ratio per replicate: {string.Join(", ", ratios.Select(Claim.Format))}");
        }

        if (sweep.Count == 0)
        {
            foreach (var spec in new[] { BandWidth, BandWidthTuned })
                yield return results.NotMeasured(spec, "the sigma sweep has no finished runs");
        }
        else
        {

        var widths = results.PerReplicate(runs => BandDecades(runs, tuned: false));
        yield return results.Claim(BandWidth, Estimate.Mean(widths), "decades per seed: " + string.Join(", ", widths.Select(Claim.Format)));
        bool hasControl = results.Done.Any(r => r.Config.IsSweep && r.Config.LearningRate < FixedRate(results.Done));
        if (!hasControl)
        {
            yield return results.NotMeasured(BandWidthTuned, "no control learning rates (control-rates = 0)");
        }
        else
        {
            var tuned = results.PerReplicate(runs => BandDecades(runs, tuned: true));
            yield return results.Claim(BandWidthTuned, Estimate.Mean(tuned), "decades per seed: " + string.Join(", ", tuned.Select(Claim.Format)));
        }
        }

        var kaimingRuns = results.Done.Where(r => r.Config.Scheme == Scheme.Kaiming).ToList();
        var flat = kaimingRuns.Select(r => InitValue(r, Profile.GradientLayers)).ToList();
        yield return flat.Count == 0
            ? results.NotMeasured(GradientStable, "no kaiming runs")
            : results.Claim(GradientStable, Estimate.Mean(flat), "slope per layer, per seed: " + string.Join(", ", flat.Select(Claim.Format)));
        var example = kaimingRuns.Where(r => r.Has(ExampleGradientRms.At(2))).Select(r => InitValue(r, Profile.ExampleGradientLayers)).ToList();
        yield return example.Count == 0
            ? results.NotMeasured(GradientStableExample, "no kaiming runs with per-example gradients (stored before they were measured)")
            : results.Claim(GradientStableExample, Estimate.Mean(example), "slope per layer, per seed: " + string.Join(", ", example.Select(Claim.Format)));
    }

    public override IEnumerable<Check> Checks(Results<InitVarianceRun> results)
    {
        // Every sigma of a replicate scales the same standard-normal draws and the ReLU net has zero biases, so it is positively
        // homogeneous: E[F_l^2] scales exactly as sigma^(2l), and the weight gradient as sigma^depth up to the softmax's error signal.
        if (!results.Done.Any(r => r.Config.IsSweep)) yield break;
        int depth = results.Done.First().Config.Depth;
        var forward = results.PerReplicate(runs => RecursionSlope(runs, Profile.Forward)).Where(double.IsFinite).ToList();
        if (forward.Count > 0)
        {
            double worst = forward.Max(v => Math.Abs(v - 1));
            yield return results.Check("forward-homogeneity",
                "at init the per-layer slope of ln E[F_l²] moves with ln ρ (ρ = width σ²/2) at slope 1 across the sweep (worst seed's |slope − 1|)",
                worst, $"<= {Claim.Format(HomogeneityTolerance)}", worst <= HomogeneityTolerance, "slopes: " + string.Join(", ", forward.Select(Claim.Format)));
        }

        var scale = results.PerReplicate(runs => RecursionSlope(runs, Profile.GradientSize) / (depth / 2.0)).Where(double.IsFinite).ToList();
        if (scale.Count > 0)
        {
            double worst = scale.Max(v => Math.Abs(v - 1));
            yield return results.Check("gradient-homogeneity",
                "at init the mean ln ||∂L/∂W_l|| grows with ln ρ at slope depth/2 (σ^depth) up to the softmax's error signal (worst seed's |slope / (depth/2) − 1|)",
                worst, $"<= {Claim.Format(SlopeTolerance)}", worst <= SlopeTolerance, "slope / (depth/2) per seed: " + string.Join(", ", scale.Select(Claim.Format)));
        }
    }

    /// <summary>Geometric mean of E[F_(l+1)^2] / E[F_l^2] over the hidden layers at a step.</summary>
    internal static double LayerRatio(RunView<InitVarianceRun> run, int step) =>
        LayerRatio(Enumerable.Range(1, run.Config.Depth).Select(l => run.At(ActivationSecondMoment.At(l), step)).ToArray());

    /// <summary>
    /// The recursion claims' statistic of one run from its per-layer second moments m2[l-1] = E[F_l^2], l = 1..depth:
    /// the geometric-mean ratio (m2[depth] / m2[1])^(1 / (depth − 1)); NaN with fewer than 2 layers or a value not finite and positive.
    /// </summary>
    internal static double LayerRatio(double[] m2)
    {
        if (m2.Length < 2 || m2.Any(v => !(v > 0) || !double.IsFinite(v))) return double.NaN;
        return Math.Exp((Math.Log(m2[^1]) - Math.Log(m2[0])) / (m2.Length - 1));
    }

    /// <summary>The sweep's sigma nearest the critical sqrt(2 / width) in log distance (the first of ties, in the given order).</summary>
    internal static double NearestToCritical(IEnumerable<double> sigmas, int width)
    {
        double critical = Math.Sqrt(2.0 / width);
        return sigmas.MinBy(s => Math.Abs(Math.Log(s / critical)));
    }

    /// <summary>band-trains' value of one run: final test accuracy minus chance (1 / classes); NaN for a diverged run.</summary>
    internal static double AccuracyAboveChance(bool diverged, double finalTestAccuracy, double classes) =>
        diverged ? double.NaN : finalTestAccuracy - 1 / classes;

    /// <summary>kaiming-beats-xavier's value of one replicate: ln(L_Kaiming / L_Xavier) of the final training losses (NaN for a diverged or missing run).</summary>
    internal static double KaimingOverXavier(double kaimingFinalLoss, double xavierFinalLoss) => Math.Log(kaimingFinalLoss / xavierFinalLoss);

    /// <summary>What a recursion slope is read from: the per-layer slope of ln E[F_l^2], the mean ln gradient norm, or the per-layer slope of ln gradient norm.</summary>
    internal enum Profile
    {
        Forward,
        GradientSize,
        GradientLayers,
        ExampleGradientLayers,
    }

    /// <summary>The learning rate of the main sweep (the control's rates are below it).</summary>
    internal static double FixedRate(IEnumerable<RunView<InitVarianceRun>> runs) => runs.Where(r => r.Config.IsSweep).Select(r => r.Config.LearningRate).DefaultIfEmpty(double.NaN).Max();

    /// <summary>
    /// Least-squares slope against ln rho = ln(width sigma^2 / 2), over one replicate's fixed-rate sweep runs, of the per-sigma value at init that
    /// <paramref name="what"/> names (sigmas whose values are not all finite and positive are left out).
    /// </summary>
    internal static double RecursionSlope(IReadOnlyList<RunView<InitVarianceRun>> runs, Profile what)
    {
        double rate = FixedRate(runs);
        var points = runs.Where(r => r.Config.IsSweep && r.Config.LearningRate == rate)
            .Select(r => (X: Math.Log(r.Config.Width * r.Config.Sigma * r.Config.Sigma / 2), Y: InitValue(r, what)))
            .Where(p => double.IsFinite(p.Y)).ToList();
        return points.Count < 2 ? double.NaN : Slope(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
    }

    /// <summary>One run's value at init for a recursion slope (NaN if a layer's value is not finite and positive).</summary>
    internal static double InitValue(RunView<InitVarianceRun> run, Profile what)
    {
        int depth = run.Config.Depth;
        double[] Values(IndexedMetric m, int from, int to) => Enumerable.Range(from, to - from + 1).Select(l => run.At(m.At(l), 0)).ToArray();
        return what switch
        {
            Profile.Forward => LogLayerSlope(Values(ActivationSecondMoment, 1, depth)),
            Profile.GradientSize => Logs(Values(WeightGradientNorm, 1, depth + 1)).Average(),
            Profile.GradientLayers => LogLayerSlope(Values(WeightGradientNorm, 2, depth)),
            _ => LogLayerSlope(Values(ExampleGradientRms, 2, depth)),
        };
    }

    /// <summary>
    /// gradient-stable's (and gradient-stable-per-example's) value of one run: the least-squares slope of ln v[i] against the layer index i
    /// of per-layer values at init (||∂L/∂W_l||, or RMS_i ||∂L_i/∂W_l||, for l = 2..depth); NaN if a value is not finite and positive or with fewer than 2.
    /// </summary>
    internal static double LogLayerSlope(double[] perLayer) => LayerSlope(Logs(perLayer));

    /// <summary>ln v of each value, NaN where v is not finite and positive.</summary>
    private static double[] Logs(double[] values) => values.Select(v => v > 0 && double.IsFinite(v) ? Math.Log(v) : double.NaN).ToArray();

    /// <summary>Least-squares slope of values against their index (NaN if any is NaN or fewer than 2).</summary>
    private static double LayerSlope(double[] ys) =>
        ys.Length < 2 || ys.Any(double.IsNaN) ? double.NaN : Slope(Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys);

    /// <summary>Least-squares slope of y on x.</summary>
    internal static double Slope(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)), sxx = x.Sum(v => (v - mx) * (v - mx));
        return sxy / sxx;
    }

    /// <summary>
    /// Band width in decades of one replicate: the contiguous sigmas around the one nearest sqrt(2/width) whose final test accuracy (at the
    /// fixed rate, or the best over all rates when <paramref name="tuned"/>) is at least chance + the trained margin; 0 if that sigma fails.
    /// </summary>
    internal static double BandDecades(IReadOnlyList<RunView<InitVarianceRun>> runs, bool tuned)
    {
        double rate = FixedRate(runs);
        var bySigma = runs.Where(r => r.Config.IsSweep && (tuned || r.Config.LearningRate == rate))
            .GroupBy(r => r.Config.Sigma).OrderBy(g => g.Key)
            .Select(g => (Sigma: g.Key, Margin: g.Max(r => r.Diverged || !double.IsFinite(r.Final(TestAccuracy)) ? double.NegativeInfinity : r.Final(TestAccuracy) - 1 / ClassesOf(r))))
            .ToList();
        if (bySigma.Count == 0) return double.NaN;
        return BandDecades(bySigma.Select(p => p.Sigma).ToArray(), bySigma.Select(p => p.Margin).ToArray(), Math.Sqrt(2.0 / runs[0].Config.Width));
    }

    /// <summary>
    /// Band width in decades on a sigma grid from per-sigma accuracy margins above chance (the claim's rule on hand-made data too):
    /// the contiguous points around the one nearest <paramref name="critical"/> that reach the trained margin, each edge moved out to where
    /// the margin, interpolated linearly in log sigma, crosses it (a diverged or missing neighbour counts as margin −1); 0 if that point fails.
    /// </summary>
    internal static double BandDecades(double[] sigmas, double[] margins, double critical)
    {
        int i = Enumerable.Range(0, sigmas.Length).MinBy(k => Math.Abs(Math.Log(sigmas[k] / critical)));
        if (!(margins[i] >= TrainedMargin)) return 0;
        int lo = i, hi = i;
        while (lo > 0 && margins[lo - 1] >= TrainedMargin) lo--;
        while (hi < sigmas.Length - 1 && margins[hi + 1] >= TrainedMargin) hi++;
        double M(int k) => double.IsFinite(margins[k]) ? margins[k] : -1;
        double Edge(int inside, int outside) => Math.Log10(sigmas[inside]) +
            (Math.Log10(sigmas[outside]) - Math.Log10(sigmas[inside])) * (M(inside) - TrainedMargin) / (M(inside) - M(outside));
        double left = lo > 0 ? Edge(lo, lo - 1) : Math.Log10(sigmas[lo]);
        double right = hi < sigmas.Length - 1 ? Edge(hi, hi + 1) : Math.Log10(sigmas[hi]);
        return right - left;
    }

    private static double FinalOf(IReadOnlyList<RunView<InitVarianceRun>> runs, Scheme scheme) =>
        runs.FirstOrDefault(r => r.Config.Scheme == scheme) is { Diverged: false } r ? r.Final(Loss) : double.NaN;

    private static IEnumerable<RunView<InitVarianceRun>> SweepRuns(Results<InitVarianceRun> results, double sigma)
    {
        double rate = FixedRate(results.Done);
        return results.Done.Where(r => r.Config.IsSweep && r.Config.Sigma == sigma && r.Config.LearningRate == rate);
    }

    private static double RelativeLossChange(RunView<InitVarianceRun> r) => RelativeLossChange(r.Initial(Loss), r.Final(Loss));

    /// <summary>vanishing-stalls' value of one run: |L_end − L_0| / L_0 of its training loss.</summary>
    internal static double RelativeLossChange(double initialLoss, double finalLoss) => Math.Abs(finalLoss - initialLoss) / initialLoss;

    /// <summary>Diverged, or final test accuracy below chance + <see cref="StalledMargin"/>.</summary>
    private static bool Failed(RunView<InitVarianceRun> r) => Failed(r.Diverged, r.Final(TestAccuracy), ClassesOf(r));

    /// <summary>
    /// exploding-fails' count of one run (the claim's estimate is the Clopper-Pearson proportion of runs at the largest σ that fail): diverged,
    /// or final test accuracy below chance (1 / classes) + <see cref="StalledMargin"/> (a NaN accuracy counts as failed).
    /// </summary>
    internal static bool Failed(bool diverged, double finalTestAccuracy, double classes) => diverged || !(finalTestAccuracy >= 1.0 / classes + StalledMargin);

    /// <summary>Classes of the data the run trained on, as it logged them (chance level = 1 / classes).</summary>
    private static double ClassesOf(RunView<InitVarianceRun> r) => r.Initial(Classes);

    /// <summary>Chance level of the sweep's data.</summary>
    private static double ChanceOf(Results<InitVarianceRun> results) => 1.0 / ClassesOf(results.Done.First());

    /// <summary>The contiguous run of sweep points around <paramref name="centre"/> whose mean test accuracy is at least chance + the trained margin.</summary>
    private static (double Lo, double Hi) TrainableBand(IReadOnlyList<SweepPoint> sweep, double centre)
    {
        bool Trains(SweepPoint p) => p.TestAccuracy.Mean >= p.Chance + TrainedMargin;
        int i = sweep.ToList().FindIndex(p => p.Sigma == centre);
        if (!Trains(sweep[i])) return (double.NaN, double.NaN);
        int lo = i, hi = i;
        while (lo > 0 && Trains(sweep[lo - 1])) lo--;
        while (hi < sweep.Count - 1 && Trains(sweep[hi + 1])) hi++;
        return (sweep[lo].Sigma, sweep[hi].Sigma);
    }

    /// <summary>Aggregates over seeds of each sigma of the sweep, in increasing sigma.</summary>
    internal static List<SweepPoint> SweepPoints(Results<InitVarianceRun> results) => SweepPoints(results, tuned: false);

    /// <summary>Aggregates over seeds of each sigma, at the fixed rate or (tuned) at each seed's best rate for that sigma.</summary>
    internal static List<SweepPoint> SweepPoints(Results<InitVarianceRun> results, bool tuned) =>
        (tuned ? BestRuns(results) : results.Done.Where(r => r.Config.IsSweep && r.Config.LearningRate == FixedRate(results.Done)))
            .GroupBy(r => r.Config.Sigma)
            .OrderBy(g => g.Key)
            .Select(g => new SweepPoint(
                g.Key,
                1.0 / ClassesOf(g.First()),
                g.Count(),
                g.Count(r => r.Diverged),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(TestAccuracy))),
                MeanStd.Of(g.Select(r => r.Diverged ? double.NaN : r.Final(Loss))),
                MeanStd.Of(g.Select(r => r.Initial(Loss))),
                MeanStd.Of(g.Select(RelativeLossChange)),
                g.Count(Failed) / (double)g.Count()))
            .ToList();

    /// <summary>Per replicate and sigma, the sweep run of the best final test accuracy over the learning rates (diverged counts lowest).</summary>
    private static IEnumerable<RunView<InitVarianceRun>> BestRuns(Results<InitVarianceRun> results) =>
        results.Done.Where(r => r.Config.IsSweep).GroupBy(r => (r.Replicate, r.Config.Sigma))
            .Select(g => g.MaxBy(r => r.Diverged || !double.IsFinite(r.Final(TestAccuracy)) ? double.NegativeInfinity : r.Final(TestAccuracy))!);

    /// <summary>One sigma of the sweep, over seeds. Diverged runs count as NaN in the accuracy and loss statistics.</summary>
    internal sealed record SweepPoint(double Sigma, double Chance, int Runs, int Diverged, MeanStd TestAccuracy, MeanStd FinalLoss,
        MeanStd InitialLoss, MeanStd RelativeLossChange, double FailedFraction);
}

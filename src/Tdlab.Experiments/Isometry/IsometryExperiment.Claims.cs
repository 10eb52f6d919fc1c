using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.Isometry.IsometryMetrics;

namespace Tdlab.Experiments.Isometry;

/// <summary>The expected results of seed 000 topic 2 and seed 004, pre-registered as claims and decided from the stored spectra and losses.</summary>
public sealed partial class IsometryExperiment
{
    /// <summary>Linear + orthogonal must be an isometry to this accuracy: max_i |s_i - 1| (a sanity check).</summary>
    public const double IsometryTolerance = 1e-6;

    /// <summary>"Concentrated": s_max of the orthogonal critical tanh net stays below this at every depth.</summary>
    public const double ConcentratedMax = 2.0;

    private const string Topic2 = "Experimental plans, 2. Dynamical Isometry (Deep Feed-Forward Nets), Expected results";

    private const string Section22 = "2.2 Initialization Strategy for Maximizing Signal Propagation";

    private static readonly SeedStatement Clustered = new("seed 000", Topic2,
        "Orthogonal initialization should yield singular values clustered near 1 (dynamical isometry) and thus keep gradients well\u2010conditioned");

    private static readonly SeedStatement TrainsFaster = new("seed 000", Topic2,
        "We expect the orthogonal\u2010init network to train faster and more robustly on very deep architectures");

    private static readonly SeedStatement GaussianGrows = new("seed 004", Section22,
        "the maximal singular value increases linearly in depth even if the network is initialized");

    private static readonly SeedStatement MeanSquare = new("seed 004", Section22,
        "Given that the mean squared singular value of the Jacobian matrix Jxx0L is (\u03c7)L, they require that");

    /// <summary>The growth law of Gaussian critical tanh: s_max^2 linear in depth, an exponent p of s_max^2 ∝ L^p in this band (1 is linear).</summary>
    public const double LinearExponentLow = 0.5, LinearExponentHigh = 1.5;

    public static readonly ClaimSpec TanhGaussianLinear = new("tanh-gaussian-smax2-linear",
        $"critical tanh (\u03c7 = 1) with Gaussian weights: s_max^2 of the Jacobian grows linearly in depth (exponent p of s_max^2 \u221d L^p in [{LinearExponentLow}, {LinearExponentHigh}]: neither bounded nor exponential)",
        GaussianGrows, "per replicate, the least-squares slope p of ln s_max^2 against ln L over the depths at initialisation (the same weights stream for every depth of a replicate); " +
        "the linear fit s_max^2 = a + b L with its interval is reported beside it (Pennington et al. 2017, 2018)",
        Rule.Within(LinearExponentLow, LinearExponentHigh));

    public static readonly ClaimSpec TanhOrthogonalBounded = new("tanh-orthogonal-bounded",
        $"critical tanh with orthogonal weights: s_max stays bounded: below {ConcentratedMax} at every depth",
        Clustered, $"at each depth, ln(s_max / {ConcentratedMax}) of the orthogonal net at initialisation, per replicate (intersection-union over depths; bounded s_max: Pennington et al. 2018)",
        Rule.Below(0));

    public static readonly ClaimSpec ReluNoIsometry = new("relu-orthogonal-no-isometry",
        "relu with orthogonal weights (gain \u221a2) does not reach isometry: the 5-95% spread of the non-zero singular values grows with depth",
        Clustered, "ln(spread(L_next) / spread(L)) of the orthogonal relu net between consecutive depths, paired within a replicate " +
        "(relu nets cannot be dynamically isometric: Pennington et al. 2017)", Rule.Above(0));

    public static readonly ClaimSpec TanhChiOne = new("tanh-chi-one",
        "the critical tanh scales (\u03c7 = 1) keep the mean squared singular value (1/n) tr(J^T J) near \u03c7^L = 1 at the deepest depth",
        MeanSquare, "mean squared singular value at initialisation at the deepest depth, averaged over the two inits of a replicate",
        Rule.Within(0.5, 2.0));

    public static readonly ClaimSpec TanhOrthogonalTrainsFaster = new("tanh-orthogonal-trains-faster",
        "at the training depth critical tanh with orthogonal weights, at its best learning rate, reaches a lower training loss than with Gaussian weights at theirs after the same steps",
        TrainsFaster, "ln(L_orthogonal / L_Gaussian) of the final training loss over the training set, each init at its best learning rate of the sweep (lowest median final loss over replicates, a diverged run counting as infinite), " +
        "paired within a replicate (same data, weights stream, minibatch order and steps); a diverged run gives no value",
        Rule.Below(0));

    public override IEnumerable<Claim> Claims(Results<IsometryRun> results)
    {
        var depths = DepthsOf(results, Nonlinearity.Tanh);
        var gauss = Curve(results, Nonlinearity.Tanh, WeightInit.Gaussian, Max);
        if (depths.Count < 3)
        {
            yield return results.NotMeasured(TanhGaussianLinear, "the growth law needs at least 3 depths");
        }
        else
        {
            var exponents = results.PerReplicate(runs => GrowthExponent(depths, depths.Select(d => SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Gaussian, d, Max)).ToList()));
            var slopes = results.PerReplicate(runs => LinearSlope(depths, depths.Select(d => Square(SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Gaussian, d, Max))).ToList()));
            var orthExponents = results.PerReplicate(runs => GrowthExponent(depths, depths.Select(d => SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Orthogonal, d, Max)).ToList()));
            yield return results.Claim(TanhGaussianLinear, Estimate.Mean(exponents),
                $"linear fit slope b of s_max^2 per layer {Estimate.Mean(slopes)}; orthogonal exponent for comparison {Estimate.Mean(orthExponents)}; " +
                $"Gaussian {Describe("s_max", gauss)}");
        }

        var bounded = depths.Select(d => ($"s_max at L = {d}", Estimate.Mean(results.PerReplicate(runs =>
                LogOverBound(SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Orthogonal, d, Max))))))
            .ToList();
        yield return bounded.Count == 0
            ? results.NotMeasured(TanhOrthogonalBounded, "no orthogonal tanh runs")
            : results.ClaimAll(TanhOrthogonalBounded, bounded,
                $"orthogonal {Describe("s_max", Curve(results, Nonlinearity.Tanh, WeightInit.Orthogonal, Max))}; " +
                $"orthogonal {Describe("spread", Curve(results, Nonlinearity.Tanh, WeightInit.Orthogonal, Spread))}; " +
                $"Gaussian {Describe("spread", Curve(results, Nonlinearity.Tanh, WeightInit.Gaussian, Spread))}; " +
                $"orthogonal {Describe("s_min", Curve(results, Nonlinearity.Tanh, WeightInit.Orthogonal, Min))}");

        yield return results.ClaimAll(ReluNoIsometry, ConsecutiveDepths(results, Nonlinearity.Relu, WeightInit.Orthogonal, Spread),
            $"{Describe("spread", Curve(results, Nonlinearity.Relu, WeightInit.Orthogonal, Spread))}; " +
            $"{Describe("fraction below 1e-10 s_max", Curve(results, Nonlinearity.Relu, WeightInit.Orthogonal, ZeroFraction))}; " +
            $"{Describe("s_max", Curve(results, Nonlinearity.Relu, WeightInit.Orthogonal, Max))}");

        if (depths.Count == 0)
        {
            yield return results.NotMeasured(TanhChiOne, "no tanh runs");
        }
        else
        {
            int deepest = depths[^1];
            var meanSquares = results.PerReplicate(runs => MeanOverInits(new[] { WeightInit.Gaussian, WeightInit.Orthogonal }
                .Select(i => SpectrumAt(runs, Nonlinearity.Tanh, i, deepest, MeanSquared))));
            yield return results.Claim(TanhChiOne, Estimate.Mean(meanSquares),
                $"L = {deepest}; {Describe("mean s^2", Curve(results, Nonlinearity.Tanh, null, MeanSquared))}");
        }

        var trained = results.Done.Where(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh }).ToList();
        double? bestOrth = BestLearningRate(trained, WeightInit.Orthogonal), bestGauss = BestLearningRate(trained, WeightInit.Gaussian);
        if (bestOrth is null || bestGauss is null)
        {
            yield return results.NotMeasured(TanhOrthogonalTrainsFaster, "needs trained tanh nets of both inits (train-activations includes tanh) with at least one learning rate that does not always diverge");
        }
        else
        {
            var any = trained[0].Config;
            var ratios = results.PerReplicate(runs => OrthogonalOverGaussian(TrainedLoss(runs, WeightInit.Orthogonal, bestOrth.Value), TrainedLoss(runs, WeightInit.Gaussian, bestGauss.Value)));
            yield return results.Claim(TanhOrthogonalTrainsFaster, Estimate.Mean(ratios),
                $"depth {any.Depth}, {any.Steps} steps; best learning rate orthogonal {Claim.Format(bestOrth.Value)}, Gaussian {Claim.Format(bestGauss.Value)}; " +
                $"final training loss by learning rate: {SweepSummary(trained)}; {trained.Count(r => r.Diverged)} of {trained.Count} trained tanh runs diverged");
        }
    }

    public override IEnumerable<Check> Checks(Results<IsometryRun> results)
    {
        // A product of orthogonal matrices is orthogonal: every singular value 1 at every depth, to rounding.
        var linOrth = results.Done.Where(r => r.Config is { Activation: Nonlinearity.Linear, Init: WeightInit.Orthogonal }).ToList();
        if (linOrth.Count == 0) yield break;
        double worst = linOrth.Max(r => r.At(IsometryError, 0));
        yield return results.Check("linear-orthogonal-isometry",
            "a deep linear net with orthogonal weights keeps every singular value of J equal to 1 at every depth: max |s - 1|",
            worst, $"<= {Claim.Format(IsometryTolerance)}", worst <= IsometryTolerance,
            string.Join("; ", linOrth.GroupBy(r => r.Config.Depth).OrderBy(g => g.Key)
                .Select(g => $"L = {g.Key}: max |s - 1| = {Claim.Format(g.Max(r => r.At(IsometryError, 0)))}")));
    }

    /// <summary>tanh-orthogonal-bounded's value of one replicate at one depth: ln(s_max / <see cref="ConcentratedMax"/>), below 0 when bounded.</summary>
    internal static double LogOverBound(double sMax) => Math.Log(sMax / ConcentratedMax);

    /// <summary>tanh-chi-one's value of one replicate: the mean of its inits' mean squared singular values (1/n) tr(JᵀJ), the finite ones (NaN if none).</summary>
    internal static double MeanOverInits(IEnumerable<double> meanSquared) => meanSquared.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    /// <summary>tanh-orthogonal-trains-faster's value of one replicate: ln(L_orthogonal / L_Gaussian) of the final training losses, each at its init's best rate.</summary>
    internal static double OrthogonalOverGaussian(double orthogonalFinalLoss, double gaussianFinalLoss) => Math.Log(orthogonalFinalLoss / gaussianFinalLoss);

    /// <summary>The final logged training loss; NaN for a diverged run.</summary>
    private static double FinalLoss(RunView<IsometryRun> r) => r.Diverged ? double.NaN : r.Final(Loss);

    /// <summary>Final training loss of the replicate's trained tanh net of one init and learning rate (NaN when missing or diverged).</summary>
    private static double TrainedLoss(IReadOnlyList<RunView<IsometryRun>> runs, WeightInit init, double learningRate) =>
        runs.FirstOrDefault(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh } && r.Config.Init == init && r.Config.LearningRate == learningRate) is { } r
            ? FinalLoss(r) : double.NaN;

    /// <summary>
    /// The learning rate with the lowest median final training loss over replicates among the trained runs of one init (a
    /// diverged run counts as +infinity; ties go to the smaller rate); null when there are none or every rate always diverges.
    /// </summary>
    internal static double? BestLearningRate(IEnumerable<RunView<IsometryRun>> trained, WeightInit init) =>
        BestLearningRate(trained.Where(r => r.Config.Init == init).Select(r => (r.Config.LearningRate, r.Diverged ? double.PositiveInfinity : r.Final(Loss))));

    /// <summary>The rate with the lowest median of its values (+infinity for a diverged run); null when every median is infinite or NaN.</summary>
    internal static double? BestLearningRate(IEnumerable<(double LearningRate, double FinalLoss)> runs)
    {
        var medians = runs.GroupBy(r => r.LearningRate)
            .Select(g => (Rate: g.Key, Median: Median(g.Select(r => double.IsNaN(r.FinalLoss) ? double.PositiveInfinity : r.FinalLoss).ToList())))
            .Where(p => double.IsFinite(p.Median))
            .OrderBy(p => p.Median).ThenBy(p => p.Rate).ToList();
        return medians.Count == 0 ? null : medians[0].Rate;
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    private static string SweepSummary(List<RunView<IsometryRun>> trained) =>
        string.Join("; ", trained.GroupBy(r => (r.Config.Init, r.Config.LearningRate)).OrderBy(g => g.Key.Init).ThenBy(g => g.Key.LearningRate)
            .Select(g => $"{EnumNames.Of(g.Key.Init)} lr {Claim.Format(g.Key.LearningRate)}: {MeanStd.Of(g.Select(FinalLoss))}" +
                         (g.Any(r => r.Diverged) ? $" ({g.Count(r => r.Diverged)} diverged)" : "")));

    /// <summary>
    /// The growth exponent p of s_max^2 ∝ L^p: the least-squares slope of ln s_max^2 = 2 ln s_max against ln L
    /// (NaN when a value is missing or not positive, or with fewer than 2 depths).
    /// </summary>
    internal static double GrowthExponent(IReadOnlyList<int> depths, IReadOnlyList<double> sMax) =>
        sMax.Any(v => !(v > 0) || !double.IsFinite(v)) ? double.NaN
            : LinearSlope(depths.Select(d => Math.Log(d)).ToList(), sMax.Select(v => 2 * Math.Log(v)).ToList());

    /// <summary>Least-squares slope of y against depth.</summary>
    internal static double LinearSlope(IReadOnlyList<int> depths, IReadOnlyList<double> y) => LinearSlope(depths.Select(d => (double)d).ToList(), y);

    /// <summary>Least-squares slope of y against x (NaN with a missing value or fewer than 2 points).</summary>
    internal static double LinearSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2 || y.Any(v => !double.IsFinite(v))) return double.NaN;
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)), sxx = x.Sum(v => (v - mx) * (v - mx));
        return sxy / sxx;
    }

    private static double Square(double x) => x * x;

    /// <summary>A spectrum metric at initialisation of the replicate's net (NaN when the run is missing).</summary>
    private static double SpectrumAt(IReadOnlyList<RunView<IsometryRun>> runs, Nonlinearity activation, WeightInit init, int depth, Metric metric) =>
        runs.FirstOrDefault(r => r.Config.Activation == activation && r.Config.Init == init && r.Config.Depth == depth) is { } r ? r.At(metric, 0) : double.NaN;

    /// <summary>Depths with finished runs of an activation, increasing.</summary>
    private static List<int> DepthsOf(Results<IsometryRun> results, Nonlinearity activation) =>
        results.Done.Where(r => r.Config.Activation == activation).Select(r => r.Config.Depth).Distinct().Order().ToList();

    /// <summary>Per pair of consecutive depths: ln(metric(deeper) / metric(shallower)) at initialisation, per replicate.</summary>
    private static List<(string Label, Estimate Evidence)> ConsecutiveDepths(Results<IsometryRun> results, Nonlinearity activation, WeightInit init, Metric metric)
    {
        var depths = DepthsOf(results, activation);
        return depths.Zip(depths.Skip(1))
            .Select(p => ($"L = {p.First} -> {p.Second}", Estimate.Mean(results.PerReplicate(runs =>
                LogGrowth(SpectrumAt(runs, activation, init, p.First, metric), SpectrumAt(runs, activation, init, p.Second, metric))))))
            .ToList();
    }

    /// <summary>
    /// relu-orthogonal-no-isometry's value of one replicate for a pair of consecutive depths: ln(deeper / shallower) of a spectrum
    /// metric at initialisation (the spread s_q95 / s_q05 of the non-zero singular values, <see cref="Tdlab.Probes.JacobianSpectrum.Spread"/>).
    /// </summary>
    internal static double LogGrowth(double shallower, double deeper) => Math.Log(deeper / shallower);

    /// <summary>A spectrum metric at initialisation per depth, over seeds (and inits when <paramref name="init"/> is null), by depth.</summary>
    internal static List<(int Depth, MeanStd Value)> Curve(Results<IsometryRun> results, Nonlinearity activation, WeightInit? init, Metric metric) =>
        results.Done.Where(r => r.Config.Activation == activation && (init is null || r.Config.Init == init))
            .GroupBy(r => (r.Replicate, r.Config.Init, r.Config.Depth)).Select(g => g.OrderBy(r => r.Config.LearningRate).First())
            .GroupBy(r => r.Config.Depth)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, MeanStd.Of(g.Select(r => r.At(metric, 0)))))
            .ToList();

    private static string Describe(string name, List<(int Depth, MeanStd Value)> curve) =>
        $"{name} by depth: " + string.Join(", ", curve.Select(p => $"L = {p.Depth}: {p.Value}"));
}

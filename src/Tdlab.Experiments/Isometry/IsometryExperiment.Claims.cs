using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
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

    public static readonly ClaimSpec TanhGaussianGrows = new("tanh-gaussian-smax-grows",
        "critical tanh (\u03c7 = 1) with Gaussian weights: s_max of the Jacobian grows with depth",
        GaussianGrows, "ln(s_max(L_next) / s_max(L)) at initialisation between consecutive depths, paired within a replicate (Pennington et al. 2017)",
        Rule.Above(0));

    public static readonly ClaimSpec TanhOrthogonalConcentrated = new("tanh-orthogonal-concentrated",
        $"critical tanh with orthogonal weights: the spectrum stays concentrated at every depth: s_max below {ConcentratedMax} and the 5-95% spread s_q95 / s_q05 below the Gaussian net's",
        Clustered, $"at each depth, ln(s_max / {ConcentratedMax}) of the orthogonal net and ln(spread_orthogonal / spread_Gaussian), paired within a replicate " +
        "(bounded s_max: Pennington et al. 2018)", Rule.Below(0));

    public static readonly ClaimSpec ReluNoIsometry = new("relu-orthogonal-no-isometry",
        "relu with orthogonal weights (gain \u221a2) does not reach isometry: the 5-95% spread of the non-zero singular values grows with depth",
        Clustered, "ln(spread(L_next) / spread(L)) of the orthogonal relu net between consecutive depths, paired within a replicate " +
        "(relu nets cannot be dynamically isometric: Pennington et al. 2017)", Rule.Above(0));

    public static readonly ClaimSpec TanhChiOne = new("tanh-chi-one",
        "the critical tanh scales (\u03c7 = 1) keep the mean squared singular value (1/n) tr(J^T J) near \u03c7^L = 1 at the deepest depth",
        MeanSquare, "mean squared singular value at initialisation at the deepest depth, averaged over the two inits of a replicate",
        Rule.Within(0.5, 2.0));

    public static readonly ClaimSpec TanhOrthogonalTrainsFaster = new("tanh-orthogonal-trains-faster",
        "at the training depth critical tanh with orthogonal weights reaches a lower training loss than with Gaussian weights after the same steps",
        TrainsFaster, "ln(L_orthogonal / L_Gaussian) of the final training loss over the training set, paired within a replicate (same data, minibatch order and steps); a diverged run gives no value",
        Rule.Below(0));

    public override IEnumerable<Claim> Claims(Results<IsometryRun> results)
    {
        var grows = ConsecutiveDepths(results, Nonlinearity.Tanh, WeightInit.Gaussian, Max);
        yield return results.ClaimAll(TanhGaussianGrows, grows, Describe("s_max", Curve(results, Nonlinearity.Tanh, WeightInit.Gaussian, Max)));

        var depths = DepthsOf(results, Nonlinearity.Tanh);
        var concentrated = depths.Select(d => ($"s_max at L = {d}", Estimate.Mean(results.PerReplicate(runs =>
                Math.Log(SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Orthogonal, d, Max) / ConcentratedMax)))))
            .Concat(depths.Select(d => ($"spread ratio at L = {d}", Estimate.Mean(results.PerReplicate(runs =>
                Math.Log(SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Orthogonal, d, Spread) / SpectrumAt(runs, Nonlinearity.Tanh, WeightInit.Gaussian, d, Spread)))))))
            .ToList();
        yield return results.ClaimAll(TanhOrthogonalConcentrated, concentrated,
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
            var meanSquares = results.PerReplicate(runs => runs
                .Where(r => r.Config.Activation == Nonlinearity.Tanh && r.Config.Depth == deepest)
                .Select(r => r.At(MeanSquared, 0)).DefaultIfEmpty(double.NaN).Average());
            yield return results.Claim(TanhChiOne, Estimate.Mean(meanSquares),
                $"L = {deepest}; {Describe("mean s^2", Curve(results, Nonlinearity.Tanh, null, MeanSquared))}");
        }

        var trained = results.Done.Where(r => r.Config.Trains).ToList();
        var orth = MeanStd.Of(trained.Where(r => r.Config is { Activation: Nonlinearity.Tanh, Init: WeightInit.Orthogonal }).Select(FinalLoss));
        var gauss = MeanStd.Of(trained.Where(r => r.Config is { Activation: Nonlinearity.Tanh, Init: WeightInit.Gaussian }).Select(FinalLoss));
        if (orth.Total == 0 || gauss.Total == 0)
        {
            yield return results.NotMeasured(TanhOrthogonalTrainsFaster, "needs trained tanh nets of both inits (train-activations includes tanh)");
        }
        else
        {
            var any = trained[0].Config;
            var reluOrth = MeanStd.Of(trained.Where(r => r.Config is { Activation: Nonlinearity.Relu, Init: WeightInit.Orthogonal }).Select(FinalLoss));
            var reluGauss = MeanStd.Of(trained.Where(r => r.Config is { Activation: Nonlinearity.Relu, Init: WeightInit.Gaussian }).Select(FinalLoss));
            var ratios = results.PerReplicate(runs => Math.Log(TrainedLoss(runs, WeightInit.Orthogonal) / TrainedLoss(runs, WeightInit.Gaussian)));
            yield return results.Claim(TanhOrthogonalTrainsFaster, Estimate.Mean(ratios),
                $"depth {any.Depth}, {any.Steps} steps; final training loss tanh: orthogonal {orth}, Gaussian {gauss}; relu (for comparison): orthogonal {reluOrth}, Gaussian {reluGauss}; " +
                $"{trained.Count(r => r.Diverged)} of {trained.Count} trained runs diverged");
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

    /// <summary>The final logged training loss; NaN for a diverged run.</summary>
    private static double FinalLoss(RunView<IsometryRun> r) => r.Diverged ? double.NaN : r.Final(Loss);

    /// <summary>Final training loss of the replicate's trained tanh net of one init (NaN when missing or diverged).</summary>
    private static double TrainedLoss(IReadOnlyList<RunView<IsometryRun>> runs, WeightInit init) =>
        runs.FirstOrDefault(r => r.Config is { Trains: true, Activation: Nonlinearity.Tanh } && r.Config.Init == init) is { } r ? FinalLoss(r) : double.NaN;

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
                Math.Log(SpectrumAt(runs, activation, init, p.Second, metric) / SpectrumAt(runs, activation, init, p.First, metric))))))
            .ToList();
    }

    /// <summary>A spectrum metric at initialisation per depth, over seeds (and inits when <paramref name="init"/> is null), by depth.</summary>
    internal static List<(int Depth, MeanStd Value)> Curve(Results<IsometryRun> results, Nonlinearity activation, WeightInit? init, Metric metric) =>
        results.Done.Where(r => r.Config.Activation == activation && (init is null || r.Config.Init == init))
            .GroupBy(r => r.Config.Depth)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, MeanStd.Of(g.Select(r => r.At(metric, 0)))))
            .ToList();

    private static string Describe(string name, List<(int Depth, MeanStd Value)> curve) =>
        $"{name} by depth: " + string.Join(", ", curve.Select(p => $"L = {p.Depth}: {p.Value}"));
}

using Tdlab.Lab.Claims;
using Tdlab.Probes.MeanField;
using static Tdlab.Experiments.SignalPropagation.SignalPropagationMetrics;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>The seeds' predictions, pre-registered as claims and decided from the stored measurements.</summary>
public sealed partial class SignalPropagationExperiment
{
    /// <summary>Relative band around the recursion's prediction (the 10%).</summary>
    public const double RecursionTolerance = 0.10;

    /// <summary>Measured growth within this much of ln chi (the tolerance); also the band around the line left out of the separation claim.</summary>
    public const double GrowthTolerance = 0.05;

    /// <summary>Largest |measured − predicted| pre-activation correlation over the layers allowed by tanh-correlation-map.</summary>
    public const double CorrelationTolerance = 0.05;

    private const string RecursionSection = "Random Initialization: Vanishing & Exploding Gradient, Matrix Recursion";

    private static readonly SeedStatement Recursion = new("seed 002", RecursionSection,
        "If  $\\rho_i > 1$ , variance grows exponentially If  $\\rho_i < 1$ , variance decreases exponentially critical case: typical initialization in NNs (lazy regime)");

    private static readonly SeedStatement StableGradient = new("seed 002", "Random Initialization: Variance of Gradient",
        "implying stable variance of the gradient");

    private static readonly SeedStatement Chi = new("seed 004", "2.2 Initialization Strategy for Maximizing Signal Propagation",
        "Given that the mean squared singular value of the Jacobian matrix Jxx0L is (χ)L, they require that");

    private static readonly SeedStatement CriticalLine = new("seed 004", "2.2 Initialization Strategy for Maximizing Signal Propagation",
        "χ = 1 which corresponds to a critical initialization where the gradients are asymptotically stable as");

    private static readonly SeedStatement MeanField = new("seed 004", "2.2 Initialization Strategy for Maximizing Signal Propagation",
        "the empirical distribution of the pre-activations hl converges weakly to a Gaussian distribution");

    /// <summary>Replicate unit of the ReLU claims: the run's independent random nets (pooled over seeds).</summary>
    private const string IndependentNets =
        "independent random nets (each run averages its nets and stores the mean and its standard error; the recursion is an expectation over weights)";

    public static readonly ClaimSpec ReluRecursion = new("relu-recursion",
        "random ReLU nets: the measured E(F_l^2) is within 10% of the recursion E(F_l^2) = ρ E(F_(l−1)^2) + E(B^2)/2 at every layer, for ρ below, at and above 1",
        Recursion, "measured / predicted − 1 of E(F_l^2) at each layer l = 1..L and each ρ: mean over nets with its standard error (intersection-union over layers and ρ)",
        Rule.Within(-RecursionTolerance, RecursionTolerance), IndependentNets);

    public static readonly ClaimSpec ReluGradient = new("relu-gradient",
        "random ReLU nets at the critical scale σ = √(2/n) (ρ = 1): the gradient second moment E(∂L/∂F_l)^2 stays constant (ρ^(L−l)) within 10% at every layer",
        StableGradient, "measured / predicted − 1 of E(∂L/∂F_l)^2 at each layer l = 0..L at the ρ nearest 1: mean over nets with its standard error (intersection-union over layers)",
        Rule.Within(-RecursionTolerance, RecursionTolerance), IndependentNets);

    public static readonly ClaimSpec TanhGrowth = new("tanh-growth",
        $"random tanh nets at the fixed point q*: the per-layer growth of the mean squared gradient equals ln χ (Pennington et al. 2017's mean-field χ) within {GrowthTolerance} at every sample point",
        Chi, "measured growth − ln χ per replicate, growth = least-squares slope of ln E(∂L/∂h_l)^2 against L − l (intersection-union over sample points)",
        Rule.Within(-GrowthTolerance, GrowthTolerance));

    public static readonly ClaimSpec CriticalLineSeparates = new("critical-line",
        $"the χ = 1 line separates vanishing from exploding gradients: at every sample point farther than {GrowthTolerance} from the line in ln χ the gradient vanishes on the ordered side (χ < 1) and explodes on the chaotic side (χ > 1)",
        CriticalLine, "sign(ln χ) × measured growth per replicate (positive: the side the line predicts; intersection-union over sample points)",
        Rule.Above(0));

    public static readonly ClaimSpec TanhCorrelationMap = new("tanh-correlation-map",
        $"random tanh nets at the fixed point q*: the correlation of two inputs' pre-activations follows the mean-field correlation map c_l = (σ_w² E[φ(u_1)φ(u_2)] + σ_b²) / q* " +
        $"(Schoenholz et al. 2017) within {CorrelationTolerance} at every layer, at every sample point (towards c* = 1 on the ordered side, c* < 1 on the chaotic side)",
        MeanField, "per replicate, max over layers l = 1..L of |measured c_l − map_l|, the map iterated from the measured c_0; measured c_l = mean over the pairs of inputs and the nets of a run " +
        "(intersection-union over sample points)",
        Rule.Below(CorrelationTolerance));

    public override IEnumerable<Claim> Claims(Results<SignalPropagationRun> results) => MeanFieldClaims(results).Concat(TrainabilityClaims(results));

    private static IEnumerable<Claim> MeanFieldClaims(Results<SignalPropagationRun> results)
    {
        var relu = results.Done.Where(r => r.Config.IsRelu).ToList();
        if (relu.Count == 0)
        {
            yield return results.NotMeasured(ReluRecursion, "no finished ReLU runs");
            yield return results.NotMeasured(ReluGradient, "no finished ReLU runs");
        }
        else
        {
            var byRho = relu.GroupBy(r => r.Config.Rho).OrderBy(g => g.Key).ToList();
            var any = relu[0].Config;
            yield return results.ClaimAll(ReluRecursion,
                byRho.SelectMany(g => LayerDeviations(g.ToList(), Activation, ReluPrediction(g.First().Config), first: 1, $"ρ = {Claim.Format(g.Key)}")).ToList(),
                $"width {any.Width}, {any.Layers} layers, {any.Nets} nets × {any.Batch} input(s) per run, {byRho[0].Count()} replicate(s) per ρ");

            var critical = byRho.MinBy(g => Math.Abs(g.Key - 1))!;
            yield return results.ClaimAll(ReluGradient,
                LayerDeviations(critical.ToList(), ActivationGradient, GradientPrediction(critical.First().Config), first: 0, $"ρ = {Claim.Format(critical.Key)}"),
                $"ρ = {Claim.Format(critical.Key)}");
        }

        var tanh = TanhPoints(results);
        if (tanh.Count == 0)
        {
            yield return results.NotMeasured(TanhGrowth, "no finished tanh runs");
            yield return results.NotMeasured(CriticalLineSeparates, "no finished tanh runs");
            yield break;
        }

        var points = results.Done.Where(r => r.Config.IsRandomTanh).GroupBy(r => (r.Config.SigmaW2, r.Config.SigmaB2))
            .OrderBy(g => g.Key.SigmaB2).ThenBy(g => g.Key.SigmaW2).ToList();
        string Label((double W2, double B2) p) => $"(σ_w² = {Claim.Format(p.W2)}, σ_b² = {Claim.Format(p.B2)})";
        string measured = string.Join("; ", tanh.Select(p => $"({Claim.Format(p.SigmaW2)}, {Claim.Format(p.SigmaB2)}): growth {p.Growth:F4} vs ln χ {p.LogChi:F4}"));
        yield return results.ClaimAll(TanhGrowth,
            points.Select(g => (Label(g.Key), Estimate.Mean(g.Select(r => GrowthDeviation(r.Initial(Growth), r.Initial(LogChi)))))).ToList(),
            measured);

        var clear = points.Where(g => Math.Abs(g.First().Initial(LogChi)) >= GrowthTolerance).ToList();
        yield return clear.Count == 0
            ? results.NotMeasured(CriticalLineSeparates, $"no sample point farther than {GrowthTolerance} from the line in ln χ")
            : results.ClaimAll(CriticalLineSeparates,
                clear.Select(g => (Label(g.Key), Estimate.Mean(g.Select(r => GrowthOnPredictedSide(r.Initial(Growth), r.Initial(LogChi)))))).ToList(),
                $"{points.Count - clear.Count} point(s) within {GrowthTolerance} of the line left out; {measured}");

        var withCorrelation = points.Where(g => g.All(r => r.Has(Correlation))).ToList();
        yield return withCorrelation.Count == 0
            ? results.NotMeasured(TanhCorrelationMap, "no tanh runs with correlations (tanh-batch >= 2, runs written after 2026-12-01)")
            : results.ClaimAll(TanhCorrelationMap,
                withCorrelation.Select(g => (Label(g.Key), Estimate.Mean(g.Select(CorrelationDeviation)))).ToList(),
                string.Join("; ", withCorrelation.Select(g =>
                {
                    var sc = CorrelationMap.Of(g.Key.SigmaW2, g.Key.SigmaB2);
                    return $"{Label(g.Key)}: c* {sc.CStar:F4}, ξ_q {Claim.Format(sc.XiQ)}, ξ_c {Claim.Format(sc.XiC)}, measured c_L {g.Average(r => r.Final(Correlation)):F4}";
                })));
    }

    /// <summary>
    /// tanh-growth's statistic of one run: measured growth − ln χ, the growth the least-squares slope of ln E(∂L/∂h_l)^2
    /// against L − l (<see cref="MeasuredGrowth"/>, stored at run time).
    /// </summary>
    internal static double GrowthDeviation(double growth, double logChi) => growth - logChi;

    /// <summary>critical-line's statistic of one run: sign(ln χ) × measured growth (positive: vanishing for χ &lt; 1, exploding for χ &gt; 1).</summary>
    internal static double GrowthOnPredictedSide(double growth, double logChi) => Math.Sign(logChi) * growth;

    /// <summary>max over layers l = 1..L of |measured c_l − map_l| of one run, the map iterated from its measured c_0.</summary>
    internal static double CorrelationDeviation(RunView<SignalPropagationRun> r)
    {
        var c = r.Config;
        var measured = Enumerable.Range(0, c.Layers + 1).Select(l => r.At(Correlation, l)).ToArray();
        return CorrelationDeviation(measured, CorrelationMap.Iterate(c.SigmaW2, c.SigmaB2, r.Initial(QStar), measured[0], c.Layers));
    }

    /// <summary>max over l >= 1 of |measured_l − predicted_l| (NaN when a value is missing).</summary>
    internal static double CorrelationDeviation(IReadOnlyList<double> measured, IReadOnlyList<double> predicted) =>
        Enumerable.Range(1, measured.Count - 1).Select(l => Math.Abs(measured[l] - predicted[l])).DefaultIfEmpty(double.NaN).Max();

    /// <summary>E(F_l^2) of the recursion from E(x^2) = 1, l = 0..L.</summary>
    internal static double[] ReluPrediction(SignalPropagationRun c) => ReluVarianceRecursion.SecondMoments(1, c.Rho, c.SigmaB2, c.Layers);

    /// <summary>E(dL/dF_l)^2 = rho^(L - l) E g^2 with E g^2 = 1, l = 0..L.</summary>
    internal static double[] GradientPrediction(SignalPropagationRun c) =>
        Enumerable.Range(0, c.Layers + 1).Select(l => Math.Pow(c.Rho, c.Layers - l)).ToArray();

    /// <summary>Per layer l = first..L: the relative deviation of the measured moment from the prediction, over the runs (replicates) of one ρ.</summary>
    private static List<(string Label, Estimate Evidence)> LayerDeviations(
        IReadOnlyList<RunView<SignalPropagationRun>> runs, Moment moment, double[] predicted, int first, string label) =>
        Enumerable.Range(first, predicted.Length - first)
            .Select(l => ($"{label}, layer {l}", RelativeDeviation(
                runs.Select(r => r.At(moment.Mean, l)).ToArray(), runs.Select(r => r.At(moment.StandardError, l)).ToArray(),
                runs.Sum(r => r.Config.Nets), predicted[l])))
            .ToList();

    /// <summary>
    /// measured / predicted − 1 with its standard error, from each replicate's mean over nets and the standard error
    /// of that mean (the replicates' means are averaged, their standard errors combined in quadrature); n = all nets.
    /// </summary>
    internal static Estimate RelativeDeviation(IReadOnlyList<double> means, IReadOnlyList<double> standardErrors, int nets, double predicted) =>
        Estimate.FromSummary(means.Average() / predicted - 1,
            Math.Sqrt(standardErrors.Sum(s => s * s)) / standardErrors.Count / predicted, nets);

    internal static List<TanhPoint> TanhPoints(Results<SignalPropagationRun> results) =>
        results.Done.Where(r => r.Config.IsRandomTanh)
            .GroupBy(r => (r.Config.SigmaW2, r.Config.SigmaB2))
            .Select(g => new TanhPoint(g.Key.SigmaW2, g.Key.SigmaB2, g.First().Config.Layers, g.Average(r => r.Initial(Growth)), g.First().Initial(LogChi)))
            .OrderBy(p => p.SigmaB2).ThenBy(p => p.SigmaW2).ToList();

    internal sealed record TanhPoint(double SigmaW2, double SigmaB2, int Layers, double Growth, double LogChi);
}

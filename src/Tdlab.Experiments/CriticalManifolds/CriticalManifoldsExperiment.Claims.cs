using Tdlab.Experiments.Common;
using Tdlab.Experiments.Isometry;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.CriticalManifolds.CriticalManifoldsMetrics;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>The results of seed 004 sections 3.1 and 3.4, pre-registered as claims and decided from the stored probes and losses.</summary>
public sealed partial class CriticalManifoldsExperiment
{
    private const string Section34 = "3.4 Numerical Experiments";

    /// <summary>Pre-registered: the per-replicate Pearson correlation at initialisation must exceed this (the seed reports 0.88).</summary>
    public const double CorrelationThreshold = 0.7;

    /// <summary>"Insensitive": the two q* give mean training losses within this factor of each other.</summary>
    public const double InsensitiveFactor = 1.25;

    /// <summary>The early window of the lambda_max(G) rise, in epochs (the seed's "initial 5 epochs").</summary>
    public const int RiseEpochs = 5;

    private static readonly SeedStatement Monotone = new("seed 004", Section34,
        "the maximum singular value and maximum eigenvalue increase monotonically as a function of q*");

    private static readonly SeedStatement Correlation = new("seed 004", Section34,
        "we find a strong, significant correlation between the two, with a Pearson coef-ficient of \u03c1 = 0.88");

    private static readonly SeedStatement LinearLarger = new("seed 004", Section34,
        "Surprisingly, the deep linear networks had a substantially larger \u03bbmax (G) than its non-linear counterparts initialized with identically scaled input");

    private static readonly SeedStatement Insensitive = new("seed 004", Section34,
        "On the other hand, manifold constrained networks are insensitive to the choice of q*");

    private static readonly SeedStatement EuclideanWorse = new("seed 004", Section34,
        "Euclidean networks with q* \u2248 9 \u00d7 10-4 perform worse with respect to training loss and test accuracy than those initialized with q* = 1/64");

    private static readonly SeedStatement Faster = new("seed 004", "Figure 2",
        "The manifold constrained networks minimize the training loss at approximately the same rate, being faster than both Euclidean networks");

    private static readonly SeedStatement Pronounced = new("seed 004", Section34,
        "While all networks undergo this rapid increase, it is most pronounced for Euclidean networks with q* \u2248 9 X 10-4");

    private static readonly SeedStatement Predictive = new("seed 004", Section34,
        "for manifold constrained networks the maximum singular value of the Jacobian remains predictive of the maximum eigenvalue of the Fisher information matrix");

    private static readonly SeedStatement NonGaussian = new("seed 004", "3.4.1 Non-Gaussian limit of pre-activation",
        "We also show empirically that in orthogonally initialized random networks, the pre-activations do not necessarily converge to a multivariate Gaussian distribution (see Fig. 5)");

    public static readonly ClaimSpec OrthogonalNonGaussian = new("orthogonal-preactivations-non-gaussian",
        "at initialisation the last hidden layer's pre-activations of an orthogonal critical tanh net, over the data, have a more non-Gaussian projection than Gaussian draws of the same size",
        NonGaussian, "per replicate, |excess kurtosis| on the held-out half of the most non-Gaussian projection of the orthogonal net's pre-activations (fitted on the other half) minus the same for standard normal draws of the same n x N, both by the same held-out projection pursuit",
        Rule.Above(0));

    public static readonly ClaimSpec SMaxIncreases = new("smax-increases-with-qstar",
        "at initialisation s_max of the hidden-layer Jacobian increases with q* (Gaussian and orthogonal critical tanh nets)",
        Monotone, "per replicate and init, the least-squares slope of ln s_max against ln q* over the q* grid at initialisation (the same weights stream at every q*); intersection-union over the inits",
        Rule.Above(0));

    public static readonly ClaimSpec FisherIncreases = new("fisher-increases-with-qstar",
        "at initialisation lambda_max(G) of the Fisher increases with q* (Gaussian and orthogonal critical tanh nets)",
        Monotone, "per replicate and init, the least-squares slope of ln lambda_max(G) against ln q* over the q* grid at initialisation; intersection-union over the inits",
        Rule.Above(0));

    public static readonly ClaimSpec CorrelatedAtInit = new("smax-fisher-correlated-at-init",
        $"at initialisation ln lambda_max(G) and ln s_max are strongly correlated across nets (Pearson above {CorrelationThreshold}, pre-registered; the seed reports 0.88)",
        Correlation, "per replicate, Pearson's correlation of ln s_max and ln lambda_max(G) over the replicate's critical tanh nets at initialisation (every q* and init)",
        Rule.Above(CorrelationThreshold));

    public static readonly ClaimSpec LinearLargerFisher = new("linear-larger-fisher",
        "deep linear orthogonal (isometric) nets have a larger lambda_max(G) than the orthogonal critical tanh nets with identically scaled input",
        LinearLarger, "per replicate, ln(lambda_max(G) linear / lambda_max(G) tanh) at initialisation, both orthogonal, inputs scaled as for q* = linear-q-star",
        Rule.Above(0));

    public static readonly ClaimSpec ManifoldInsensitive = new("manifold-insensitive-to-qstar",
        $"Stiefel and Oblique nets are insensitive to q*: their training-loss curves at the two q* agree within a factor {InsensitiveFactor}",
        Insensitive, $"per replicate and manifold, ln(mean training loss over epochs 1.. at the small q* / at the large q*) (the curve's mean: its area); within \u00b1ln {InsensitiveFactor}; intersection-union over Stiefel and Oblique",
        Rule.Within(-Math.Log(InsensitiveFactor), Math.Log(InsensitiveFactor)));

    public static readonly ClaimSpec EuclideanSensitive = new("euclidean-small-qstar-trains-worse",
        "Euclidean nets at the small q* (about 9e-4) reach a higher training loss than at q* = 1/64",
        EuclideanWorse, "per replicate, ln(mean training loss over epochs 1.. of the Euclidean net at the small q* / at the large q*)",
        Rule.Above(0));

    public static readonly ClaimSpec ManifoldFaster = new("manifold-faster-than-euclidean",
        "Stiefel and Oblique nets reduce the training loss faster than both Euclidean nets",
        Faster, "per replicate, ln(mean training loss over epochs 1.. of the manifold net / of the Euclidean net), for each manifold, each of its q* and each Euclidean q*; intersection-union over the comparisons",
        Rule.Below(0));

    public static readonly ClaimSpec SharpestRise = new("euclidean-small-qstar-sharpest-fisher-rise",
        $"the Euclidean net at the small q* shows the sharpest early rise of lambda_max(G) (first {RiseEpochs} epochs)",
        Pronounced, $"per replicate, rise = ln(max over probes in epochs 1..{RiseEpochs} of lambda_max(G) / lambda_max(G) at step 0); the Euclidean small-q* net's rise minus each other trained net's rise; intersection-union",
        Rule.Above(0));

    public static readonly ClaimSpec ManifoldPredictive = new("smax-predicts-fisher-better-on-manifolds",
        "during training s_max predicts lambda_max(G) better for manifold nets than for Euclidean nets (the seed: Pearson 0.93 against 0.26 and 0.83)",
        Predictive, "per replicate, the mean over the manifold nets of Pearson's correlation of ln s_max and ln lambda_max(G) over the probe schedule, minus the same mean over the Euclidean nets",
        Rule.Above(0));

    public override IEnumerable<Claim> Claims(Results<CriticalManifoldsRun> results)
    {
        var atInit = results.Done.Where(r => r.Config is { Stage: Stage.AtInit, Activation: Nonlinearity.Tanh }).ToList();
        var inits = atInit.Select(r => r.Config.Init).Distinct().Order().ToList();
        foreach (var (spec, metric) in new[] { (SMaxIncreases, SMax), (FisherIncreases, FisherMax) })
        {
            var components = inits.Select(init => ($"{EnumNames.Of(init)}", Estimate.Mean(results.PerReplicate(runs =>
                QStarSlope(Tanh(runs, init).Select(r => (r.Config.QStar, r.At(metric, 0))).ToList()))))).ToList();
            yield return components.Count == 0
                ? results.NotMeasured(spec, "no tanh nets at initialisation")
                : results.ClaimAll(spec, components, string.Join("; ", inits.Select(i => $"{EnumNames.Of(i)} {DescribeInit(results, i, metric)}")));
        }

        yield return atInit.Count == 0
            ? results.NotMeasured(CorrelatedAtInit, "no tanh nets at initialisation")
            : results.Claim(CorrelatedAtInit, Estimate.Mean(results.PerReplicate(runs =>
                LogPearson(runs.Where(r => r.Config is { Stage: Stage.AtInit, Activation: Nonlinearity.Tanh }).Select(r => (r.At(SMax, 0), r.At(FisherMax, 0))).ToList()))));

        var linear = results.Done.Where(r => r.Config is { Stage: Stage.AtInit, Activation: Nonlinearity.Linear }).ToList();
        if (linear.Count == 0)
        {
            yield return results.NotMeasured(LinearLargerFisher, "no linear nets (linear-q-star = 0)");
        }
        else
        {
            double q = linear[0].Config.QStar;
            double Tanh1(IReadOnlyList<RunView<CriticalManifoldsRun>> runs) =>
                Tanh(runs, WeightInit.Orthogonal).FirstOrDefault(r => r.Config.QStar == q)?.At(FisherMax, 0) ?? double.NaN;
            double Linear1(IReadOnlyList<RunView<CriticalManifoldsRun>> runs) =>
                runs.FirstOrDefault(r => r.Config is { Stage: Stage.AtInit, Activation: Nonlinearity.Linear })?.At(FisherMax, 0) ?? double.NaN;
            yield return results.Claim(LinearLargerFisher, Estimate.Mean(results.PerReplicate(runs => LinearOverTanh(Linear1(runs), Tanh1(runs)))),
                $"q* = {Claim.Format(q)}: lambda_max(G) linear {results.Aggregate(r => r is { Stage: Stage.AtInit, Activation: Nonlinearity.Linear }, r => r.At(FisherMax, 0))}, " +
                $"tanh orthogonal {results.Aggregate(r => r is { Stage: Stage.AtInit, Activation: Nonlinearity.Tanh, Init: WeightInit.Orthogonal } && r.QStar == q, r => r.At(FisherMax, 0))}");
        }

        foreach (var claim in TrainingClaims(results)) yield return claim;

        var projected = results.Done.Where(r => r.Config.Stage == Stage.Projection).ToList();
        yield return !projected.Any(r => r.Config.Init == WeightInit.Orthogonal)
            ? results.NotMeasured(OrthogonalNonGaussian, "no orthogonal net in the non-Gaussianity study (projection-q-star = 0, or inits without orthogonal)")
            : results.Claim(OrthogonalNonGaussian, Estimate.Mean(results.PerReplicate(runs => Projected(runs, WeightInit.Orthogonal) is { } r
                    ? HeldOutKurtosisGap(r.At(PreactivationKurtosis, 0), r.At(GaussianKurtosis, 0)) : double.NaN)),
                "held-out |kurtosis| of the most non-Gaussian projection (in-sample in brackets): " + string.Join("; ", projected.GroupBy(r => r.Config.Init).OrderBy(g => g.Key).Select(g =>
                    $"{EnumNames.Of(g.Key)} net {MeanStd.Of(g.Select(r => r.At(PreactivationKurtosis, 0)))} ({MeanStd.Of(g.Select(r => r.At(PreactivationFitKurtosis, 0)))}) " +
                    $"against Gaussian draws {MeanStd.Of(g.Select(r => r.At(GaussianKurtosis, 0)))} ({MeanStd.Of(g.Select(r => r.At(GaussianFitKurtosis, 0)))})")) +
                $" (q* = {Claim.Format(projected[0].Config.QStar)}, n = {projected[0].Config.TrainSize} images, N = {projected[0].Config.Width}; the Gaussian-weight net is a labelled control, not part of the claim)");
    }

    /// <summary>orthogonal-preactivations-non-gaussian's statistic for one replicate: held-out |kappa| of the pre-activations minus that of the Gaussian draws.</summary>
    internal static double HeldOutKurtosisGap(double preactivations, double gaussian) => preactivations - gaussian;

    private static RunView<CriticalManifoldsRun>? Projected(IReadOnlyList<RunView<CriticalManifoldsRun>> runs, WeightInit init) =>
        runs.FirstOrDefault(r => r.Config.Stage == Stage.Projection && r.Config.Init == init);

    /// <summary>
    /// The training claims, each withheld (inconclusive, estimate kept) unless the pre-registered precondition nets-trained
    /// is met: every kind of trained net (geometry x q*) reached a mean final training loss below
    /// <see cref="TrainedLossFraction"/> ln C. A comparison of nets that did not learn says nothing about how they learn.
    /// </summary>
    private IEnumerable<Claim> TrainingClaims(Results<CriticalManifoldsRun> results)
    {
        var planned = results.Plan.Runs.Select(s => (CriticalManifoldsRun)s.Config).Where(c => c.Trains).Select(KindOf).Distinct().ToList();
        var (met, why) = NetsTrained(planned, results.Done.Where(r => r.Config.Trains)
            .Select(r => (KindOf(r.Config), r.Diverged ? double.NaN : r.Final(Loss), r.Has(ChanceLoss) ? r.At(ChanceLoss, 0) : double.NaN)));
        foreach (var claim in DecideTrainingClaims(results))
            yield return met || claim.Evidence is null ? claim : claim.Withheld(why);
    }

    /// <summary>Pre-registered (2026-12-02): a kind of trained net learned when its mean final training loss is below this fraction of ln C.</summary>
    public const double TrainedLossFraction = 0.9;

    private static string KindOf(CriticalManifoldsRun c) => $"{EnumNames.Of(c.Geometry)} q* {Claim.Format(c.QStar)}";

    /// <summary>
    /// The nets-trained precondition over the planned kinds of trained net and (kind, final training loss, ln C) of every
    /// finished trained net: met when every planned kind has finished nets and each kind's mean of final loss / ln C is
    /// below <see cref="TrainedLossFraction"/>; a diverged net (NaN loss) counts as not trained. Not met either when a
    /// net has no ln C stored (a run written before chance_loss existed). Returns the reason when it is not met.
    /// </summary>
    internal static (bool Met, string Why) NetsTrained(IEnumerable<string> planned, IEnumerable<(string Kind, double FinalLoss, double ChanceLoss)> nets)
    {
        var all = nets.ToList();
        int unmeasured = all.Count(n => double.IsNaN(n.ChanceLoss));
        if (unmeasured > 0)
            return (false, $"nets-trained cannot be checked: {unmeasured} trained runs have no chance_loss stored (written before it existed; rerun them)");
        var missing = planned.Except(all.Select(n => n.Kind)).ToList();
        if (missing.Count > 0)
            return (false, $"nets-trained not met: no finished run of {string.Join(", ", missing)}");
        var kinds = all.GroupBy(n => n.Kind)
            .Select(g => (Kind: g.Key, Ratio: g.Average(n => n.FinalLoss / n.ChanceLoss)))
            .Select(k => (k.Kind, Ratio: double.IsFinite(k.Ratio) ? k.Ratio : double.PositiveInfinity))
            .OrderByDescending(k => k.Ratio).ToList();
        if (kinds.Count == 0) return (true, "");
        var worst = kinds[0];
        if (worst.Ratio < TrainedLossFraction) return (true, "");
        int failing = kinds.Count(k => k.Ratio >= TrainedLossFraction);
        return (false, $"nets-trained not met: {failing} of {kinds.Count} kinds of trained net ended with a mean training loss " +
                       $"at or above {Claim.Format(TrainedLossFraction)} ln C (worst: {worst.Kind}, {Claim.Format(worst.Ratio)} ln C)");
    }

    private IEnumerable<Claim> DecideTrainingClaims(Results<CriticalManifoldsRun> results)
    {
        var trained = results.Done.Where(r => r.Config.Trains).ToList();
        var qs = trained.Select(r => r.Config.QStar).Distinct().Order().ToList();
        var geometries = trained.Select(r => r.Config.Geometry).Distinct().Order().ToList();
        var manifolds = geometries.Where(g => g != WeightGeometry.Euclidean).ToList();
        bool euclidean = geometries.Contains(WeightGeometry.Euclidean);
        if (qs.Count < 2 || manifolds.Count == 0 || !euclidean)
        {
            const string why = "needs trained Euclidean and manifold nets at two q*";
            foreach (var spec in new[] { ManifoldInsensitive, EuclideanSensitive, ManifoldFaster, SharpestRise, ManifoldPredictive })
                yield return results.NotMeasured(spec, why);
            yield break;
        }

        double small = qs[0], large = qs[^1];
        string curves = string.Join("; ", trained.GroupBy(r => (r.Config.Geometry, r.Config.QStar)).OrderBy(g => g.Key)
            .Select(g => $"{EnumNames.Of(g.Key.Geometry)} q* {Claim.Format(g.Key.QStar)}: {MeanStd.Of(g.Select(CurveMean))}"));
        yield return results.ClaimAll(ManifoldInsensitive, manifolds.Select(g => (EnumNames.Of(g), Estimate.Mean(results.PerReplicate(runs =>
            Math.Log(CurveMean(Trained(runs, g, small)) / CurveMean(Trained(runs, g, large))))))).ToList(), $"mean training loss {curves}");

        yield return results.Claim(EuclideanSensitive, Estimate.Mean(results.PerReplicate(runs =>
            Math.Log(CurveMean(Trained(runs, WeightGeometry.Euclidean, small)) / CurveMean(Trained(runs, WeightGeometry.Euclidean, large))))),
            $"statistic: ln of the ratio of mean training-loss curves (test accuracy, also in the seed's sentence, is not part of it); " +
            $"final training loss Euclidean small q* {MeanStd.Of(trained.Where(r => r.Config.Geometry == WeightGeometry.Euclidean && r.Config.QStar == small).Select(r => r.Final(Loss)))}, " +
            $"large q* {MeanStd.Of(trained.Where(r => r.Config.Geometry == WeightGeometry.Euclidean && r.Config.QStar == large).Select(r => r.Final(Loss)))}");

        var faster = (from g in manifolds from q in qs from qe in qs
                      select ($"{EnumNames.Of(g)} q* {Claim.Format(q)} vs Euclidean q* {Claim.Format(qe)}", Estimate.Mean(results.PerReplicate(runs =>
                          Math.Log(CurveMean(Trained(runs, g, q)) / CurveMean(Trained(runs, WeightGeometry.Euclidean, qe))))))).ToList();
        yield return results.ClaimAll(ManifoldFaster, faster);

        var others = (from g in geometries from q in qs where !(g == WeightGeometry.Euclidean && q == small) select (g, q)).ToList();
        yield return results.ClaimAll(SharpestRise, others.Select(o => ($"vs {EnumNames.Of(o.g)} q* {Claim.Format(o.q)}", Estimate.Mean(results.PerReplicate(runs =>
            EarlyRise(Trained(runs, WeightGeometry.Euclidean, small)) - EarlyRise(Trained(runs, o.g, o.q)))))).ToList(),
            "rise by net: " + string.Join("; ", trained.GroupBy(r => (r.Config.Geometry, r.Config.QStar)).OrderBy(g => g.Key)
                .Select(g => $"{EnumNames.Of(g.Key.Geometry)} q* {Claim.Format(g.Key.QStar)}: {MeanStd.Of(g.Select(EarlyRise))}")));

        yield return results.Claim(ManifoldPredictive, Estimate.Mean(results.PerReplicate(runs => PredictiveGap(
            runs.Where(r => r.Config.Trains && r.Config.Geometry != WeightGeometry.Euclidean).Select(TrainingSeries),
            runs.Where(r => r.Config.Trains && r.Config.Geometry == WeightGeometry.Euclidean).Select(TrainingSeries)))),
            "Pearson by net: " + string.Join("; ", trained.GroupBy(r => (r.Config.Geometry, r.Config.QStar)).OrderBy(g => g.Key)
                .Select(g => $"{EnumNames.Of(g.Key.Geometry)} q* {Claim.Format(g.Key.QStar)}: {MeanStd.Of(g.Select(TrainingPearson))}")));
    }

    public override IEnumerable<Check> Checks(Results<CriticalManifoldsRun> results)
    {
        var manifold = results.Done.Where(r => r.Config.Trains && r.Config.Geometry != WeightGeometry.Euclidean && r.Has(CriticalManifoldsMetrics.ConstraintDrift)).ToList();
        if (manifold.Count > 0)
        {
            double worst = manifold.Max(r => r.Series(CriticalManifoldsMetrics.ConstraintDrift).Max(p => p.Value));
            yield return results.Check("constraint-drift", "manifold weights stay on their manifold during training: largest drift over nets and probes",
                worst, $"<= {Claim.Format(DriftTolerance)}", worst <= DriftTolerance,
                string.Join("; ", manifold.GroupBy(r => r.Config.Geometry).Select(g => $"{EnumNames.Of(g.Key)}: {Claim.Format(g.Max(r => r.Series(CriticalManifoldsMetrics.ConstraintDrift).Max(p => p.Value)))}")));
        }

        var trained = results.Done.Where(r => r.Config.Trains).ToList();
        if (trained.Count > 0)
        {
            double spread = trained.GroupBy(r => (r.Replicate, r.Config.QStar))
                .Max(g => (g.Max(r => r.Initial(Loss)) - g.Min(r => r.Initial(Loss))) / g.Min(r => r.Initial(Loss)));
            yield return results.Check("same-start", "the three geometries start from the same function: relative spread of the step-0 training loss within a replicate and q*",
                spread, $"<= {Claim.Format(SameStartTolerance)}", spread <= SameStartTolerance);
        }

        var probed = results.Done.Where(r => r.Config.Stage == Stage.AtInit && r.Config.BlockSpectra).ToList();
        if (probed.Count > 0)
        {
            double worst = probed.Max(r => r.At(FisherMax, 0) / r.At(GershgorinBound, 0));
            yield return results.Check("gershgorin-bound", "lambda_max(G) at initialisation is below the block Gershgorin bound max_i s_i sum_j s_j (eq. 31): largest ratio",
                worst, "<= 1", worst <= 1);
        }
    }

    /// <summary>Largest constraint drift accepted in float32 training (the retraction is computed in double and rounded to float).</summary>
    public const double DriftTolerance = 1e-4;

    /// <summary>The three geometries' initial losses agree to float32 rounding of s W against sigma_w Q.</summary>
    public const double SameStartTolerance = 1e-4;

    /// <summary>Slope of ln value against ln q* (NaN when a value is missing, not positive, or with fewer than 2 q*).</summary>
    internal static double QStarSlope(IReadOnlyList<(double QStar, double Value)> points) =>
        points.Any(p => !(p.Value > 0) || !double.IsFinite(p.Value)) ? double.NaN
            : IsometryExperiment.LinearSlope(points.Select(p => Math.Log(p.QStar)).ToList(), points.Select(p => Math.Log(p.Value)).ToList());

    /// <summary>Pearson's correlation of ln a and ln b (NaN for a value that is not positive).</summary>
    internal static double LogPearson(IReadOnlyList<(double A, double B)> pairs) =>
        pairs.Any(p => !(p.A > 0) || !(p.B > 0)) ? double.NaN
            : RankCorrelation.Pearson(pairs.Select(p => Math.Log(p.A)).ToList(), pairs.Select(p => Math.Log(p.B)).ToList());

    /// <summary>Mean of the training-loss curve after step 0 (NaN for a missing or diverged run).</summary>
    internal static double CurveMean((int Step, double Value)[] loss) =>
        loss.Where(p => p.Step > 0).Select(p => p.Value).DefaultIfEmpty(double.NaN).Average();

    /// <summary>ln(max of lambda_max(G) over probes in steps (0, window] / lambda_max(G) at step 0); NaN when missing.</summary>
    internal static double EarlyRise((int Step, double Value)[] fisher, int window)
    {
        var early = fisher.Where(p => p.Step > 0 && p.Step <= window).Select(p => p.Value).ToList();
        var start = fisher.Where(p => p.Step == 0).Select(p => p.Value).ToList();
        return early.Count == 0 || start.Count == 0 ? double.NaN : Math.Log(early.Max() / start[0]);
    }

    private static double CurveMean(RunView<CriticalManifoldsRun>? r) => r is null || r.Diverged ? double.NaN : CurveMean(r.Series(Loss));

    private static double EarlyRise(RunView<CriticalManifoldsRun>? r) =>
        r is null || r.Diverged ? double.NaN : EarlyRise(r.Series(FisherMax), RiseEpochs * (r.Config.TrainSize / r.Config.BatchSize));

    /// <summary>Pearson of ln s_max and ln lambda_max(G) over a trained net's probes (NaN for a diverged run).</summary>
    private static double TrainingPearson(RunView<CriticalManifoldsRun> r) => TrainingSeries(r) is { } series ? LogPearson(series) : double.NaN;

    /// <summary>A trained net's (s_max, lambda_max(G)) at the probes where both were measured; null for a diverged run.</summary>
    private static IReadOnlyList<(double SMax, double Fisher)>? TrainingSeries(RunView<CriticalManifoldsRun> r)
    {
        if (r.Diverged) return null;
        var fisher = r.Series(FisherMax).ToDictionary(p => p.Step, p => p.Value);
        return r.Series(SMax).Where(p => fisher.ContainsKey(p.Step)).Select(p => (p.Value, fisher[p.Step])).ToList();
    }

    /// <summary>linear-larger-fisher's statistic for one replicate: ln(lambda_max(G) linear / lambda_max(G) tanh).</summary>
    internal static double LinearOverTanh(double linearFisher, double tanhFisher) => Math.Log(linearFisher / tanhFisher);

    /// <summary>
    /// smax-predicts-fisher-better-on-manifolds's statistic for one replicate: the mean over manifold nets of Pearson(ln s_max,
    /// ln lambda_max(G)) over their probes minus the same mean over Euclidean nets (a diverged net, null, gives NaN).
    /// </summary>
    internal static double PredictiveGap(IEnumerable<IReadOnlyList<(double SMax, double Fisher)>?> manifold, IEnumerable<IReadOnlyList<(double SMax, double Fisher)>?> euclidean) =>
        MeanOf(manifold.Select(s => s is null ? double.NaN : LogPearson(s))) - MeanOf(euclidean.Select(s => s is null ? double.NaN : LogPearson(s)));

    private static double MeanOf(IEnumerable<double> v) => v.DefaultIfEmpty(double.NaN).Average();

    private static IEnumerable<RunView<CriticalManifoldsRun>> Tanh(IReadOnlyList<RunView<CriticalManifoldsRun>> runs, WeightInit init) =>
        runs.Where(r => r.Config is { Stage: Stage.AtInit, Activation: Nonlinearity.Tanh } && r.Config.Init == init);

    private static RunView<CriticalManifoldsRun>? Trained(IReadOnlyList<RunView<CriticalManifoldsRun>> runs, WeightGeometry g, double q) =>
        runs.FirstOrDefault(r => r.Config.Trains && r.Config.Geometry == g && r.Config.QStar == q);

    private static string DescribeInit(Results<CriticalManifoldsRun> results, WeightInit init, Metric metric) =>
        $"{metric.Name} by q*: " + string.Join(", ", results.Done.Where(r => r.Config is { Stage: Stage.AtInit, Activation: Nonlinearity.Tanh } && r.Config.Init == init)
            .GroupBy(r => r.Config.QStar).OrderBy(g => g.Key).Select(g => $"{Claim.Format(g.Key)}: {MeanStd.Of(g.Select(r => r.At(metric, 0)))}"));
}

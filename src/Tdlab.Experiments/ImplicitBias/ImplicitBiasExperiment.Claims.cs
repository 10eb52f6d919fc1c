using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.ImplicitBias.ImplicitBiasMetrics;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>The seed's expected results, pre-registered as claims and decided from the stored runs; the solver's sanity checks apart.</summary>
public sealed partial class ImplicitBiasExperiment
{
    /// <summary>"Early" reference checkpoint for the increase and the angle: the first logged step at or after t = 10.</summary>
    public const int EarlyStep = 10;

    /// <summary>"Shrinks": the value at T is below this fraction of the value at <see cref="EarlyStep"/>.</summary>
    public const double ShrinkFraction = 0.5;

    /// <summary>Tolerance of the checks on the exact max-margin solver (its KKT tolerance).</summary>
    public const double SolverTolerance = 1e-9;

    private const string Section = "Implicit Bias of Gradient Descent";

    private static readonly SeedStatement ConvergesToMaxMargin = new("seed 002", Section,
        "under the appropriate conditions, gradient descent converges to the maximum margin classifier");

    private static readonly SeedStatement Rate = new("seed 002", Section + ", Few remarks", "The rate of convergence is  $1/\\ln(t)$");

    private static readonly SeedStatement Direction = new("seed 002", Section,
        "GD on the cross-entropy loss is implicitly biased towards a maximum margin direction");

    private static readonly SeedStatement Homogeneous = new("seed 002", Section + ", Few remarks",
        "Extension to nonlinear homogeneous functions can be found Theorem 10.3 in Telgarsky, 2021. The theorem is originally due to Lyu and Li (2019).");

    public static readonly ClaimSpec MarginApproachesMax = new("margin-approaches-max",
        "the normalised margin γ(w_t) of GD from w = 0 climbs towards the max margin γ*, for every loss and dimension",
        ConvergesToMaxMargin,
        $"gap(T) / gap(t ≥ {EarlyStep}) of the gap γ* − γ(w_t), per (loss, d) over replicates (each its own data set); must hold for every (loss, d)",
        Rule.Below(ShrinkFraction));

    public static readonly ClaimSpec GapRate = new("gap-rate-1-over-ln-t",
        "the margin gap γ* − γ(w_t) shrinks like 1 / ln t",
        Rate,
        "exponent p of gap ~ τ^-p with the clock τ = γ* ||w_t|| = ln t + O(1) (Soudry et al. 2018, Thm 3), least squares over t ≥ T^(3/4), " +
        "mean over the linear runs (losses x d) of a replicate",
        Rule.Within(0.7, 1.3));

    public static readonly ClaimSpec AngleVanishes = new("angle-to-max-margin-vanishes",
        "the angle between w_t and the max-margin direction w* tends to 0, for every loss and dimension",
        Direction,
        $"angle(T) / angle(t ≥ {EarlyStep}), per (loss, d) over replicates; must hold for every (loss, d)",
        Rule.Below(ShrinkFraction));

    public static readonly ClaimSpec NetMarginIncreases = new("net-margin-increases",
        "the 2-homogeneous two-layer ReLU net's normalised margin min_i y_i f(x_i) / ||θ||² increases after the data are fitted, for every loss",
        Homogeneous,
        "γ(T) − γ(t_fit), t_fit the first checkpoint with every point classified correctly (Lyu and Li 2019), per loss over replicates; " +
        "a run that never fits the data or diverges gives no value; must hold for every loss",
        Rule.Above(0));

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("data: synthetic Gaussian points labelled by a random affine teacher, points within a gap of its boundary redrawn",
            "the seed's setting is any linearly separable data; a known teacher and an exact SVM give γ* and w* to compare against"),
        new("scale: quick preset n = 100, d in {2, 10}, 1e5 GD steps, net of 32 units for 2e4 steps, 1 seed (full: n = 400, d up to 50, 3e6 steps, 3 seeds)",
            "t enters only through ln t; the quick preset of all families finishes in minutes on 2 cores"),
        new("losses: exponential and logistic, on the mean over points (the seed's theorem: exponential, summed)",
            "Soudry et al. (2018) cover both exponentially tailed losses; the mean only rescales the step"),
        new("the net uses the loss-scaled step η / L(θ_t), capped (Lyu and Li 2019, sec. 6), not a constant step",
            "with a constant step the net reaches the slow 1 / ln t phase only after far more steps than any preset affords"),
        new("gap-rate estimator: the exponent is fitted against the clock γ* ||w_t|| over t ≥ T^(3/4) instead of against ln t over t ≥ √T (commit f0ac917)",
            "the fit against ln t read 1.5-2.3 at the quick preset, because the O(1) offset of Soudry et al.'s ln t + O(1) is comparable to ln t at any " +
            "affordable t; the change was made after those results were seen (the band 0.7-1.3 was kept)", "2026-11-22"),
    ];

    public override IEnumerable<Claim> Claims(Results<ImplicitBiasRun> results)
    {
        var linear = results.Done.Where(r => r.Config.IsLinear && !r.Diverged).ToList();
        if (linear.Count == 0)
        {
            foreach (var spec in new[] { MarginApproachesMax, GapRate, AngleVanishes })
                yield return results.NotMeasured(spec, "the linear runs have not finished");
        }
        else
        {
            var conditions = linear.GroupBy(r => Label(r.Config)).ToList();
            yield return results.ClaimAll(MarginApproachesMax,
                conditions.Select(g => (g.Key, Estimate.Mean(g.Select(r => Shrink(r.Series(Gap)))))).ToList(),
                string.Join("; ", linear.Select(r =>
                    $"{Label(r.Config)} replicate {r.Replicate}: γ* {Claim.Format(r.Initial(MaxMargin))}, γ(T) {Claim.Format(r.Final(Margin))}, " +
                    $"relative gap {Claim.Format(r.Final(Gap) / r.Initial(MaxMargin))}, gap(T)/gap(10) {Claim.Format(Shrink(r.Series(Gap)))}")));

            var fits = linear.Select(r => (Run: r, Fit: GapFit(r))).ToList();
            yield return results.Claim(GapRate,
                Estimate.Mean(results.PerReplicate(runs => runs.Where(r => r.Config.IsLinear && !r.Diverged).Select(r => GapFit(r).Exponent).DefaultIfEmpty(double.NaN).Average())),
                $"p over runs {MeanStd.Of(fits.Select(f => f.Fit.Exponent))}; " + string.Join("; ", fits.Select(f => $"{Label(f.Run.Config)}: p = {Claim.Format(f.Fit.Exponent)} " +
                    $"(against ln t itself: {Claim.Format(f.Fit.LnTExponent)}; offset b = ln T - γ* ||w_T|| = {Claim.Format(f.Fit.Offset)}; " +
                    $"R^2 of 1/gap linear in ln t: {Claim.Format(f.Fit.InverseGapRSquared)}; {f.Fit.Points} checkpoints)")) +
                "; the naive exponent exceeds 1 by about ln t / (ln t - b) - 1 because the offset b is comparable to ln t at any affordable t");

            yield return results.ClaimAll(AngleVanishes,
                conditions.Select(g => (g.Key, Estimate.Mean(g.Select(r => Shrink(r.Series(Angle)))))).ToList(),
                string.Join("; ", linear.Select(r => $"{Label(r.Config)}: {Claim.Format(Degrees(AtOrAfter(r.Series(Angle), EarlyStep)))}° at t = 10 -> " +
                    $"{Claim.Format(Degrees(r.Final(Angle)))}° at t = {r.Config.Steps} (fit exponent in ln t: {Claim.Format(AngleFit(r).Exponent)})")));
        }

        var nets = results.Done.Where(r => !r.Config.IsLinear).ToList();
        if (nets.Count == 0)
        {
            yield return results.NotMeasured(NetMarginIncreases, "no net runs (net-width = 0)");
            yield break;
        }

        var rises = nets.Select(r => (Run: r, Fitted: FittedStep(r))).ToList();
        yield return results.ClaimAll(NetMarginIncreases,
            rises.GroupBy(x => EnumNames.Of(x.Run.Config.Loss)).Select(g => (g.Key, Estimate.Mean(g.Select(x => MarginRise(x.Run, x.Fitted))))).ToList(),
            string.Join("; ", rises.Select(x => x.Run.Diverged ? $"{EnumNames.Of(x.Run.Config.Loss)}: diverged" : x.Fitted is not int s
                ? $"{EnumNames.Of(x.Run.Config.Loss)}: never fitted the data"
                : $"{EnumNames.Of(x.Run.Config.Loss)}: γ {Claim.Format(x.Run.At(Margin, s))} at t_fit = {s} -> {Claim.Format(x.Run.Final(Margin))} at t = {x.Run.Config.Steps}; " +
                  $"smooth margin non-decreasing at {Claim.Format(100 * NonDecreasingFraction(x.Run, s))}% of later checkpoints")));
    }

    /// <summary>The exact max-margin solver and the margin it bounds: identities, not claims.</summary>
    public override IEnumerable<Check> Checks(Results<ImplicitBiasRun> results)
    {
        var linear = results.Done.Where(r => r.Config.IsLinear && !r.Diverged).ToList();
        if (linear.Count == 0) yield break;
        double kkt = linear.Max(r => r.Initial(KktResidual));
        yield return results.Check("max-margin-kkt",
            "the hard-margin SVM solver's solution satisfies the KKT conditions (largest residual over runs)",
            kkt, $"<= {Claim.Format(SolverTolerance)}", kkt <= SolverTolerance);

        double overshoot = linear.Max(r => r.Series(Margin).Max(p => p.Value) / r.Initial(MaxMargin) - 1);
        yield return results.Check("margin-below-max",
            "no checkpoint's normalised margin γ(w_t) exceeds the solver's max margin γ* (largest γ/γ* − 1 over runs and checkpoints)",
            overshoot, $"<= {Claim.Format(SolverTolerance)}", overshoot <= SolverTolerance);
    }

    internal static string Label(ImplicitBiasRun c) => $"{EnumNames.Of(c.Loss)} d={c.Dim}";

    internal static double Degrees(double radians) => radians * 180 / Math.PI;

    /// <summary>The first value at or after <paramref name="step"/>.</summary>
    internal static double AtOrAfter(IEnumerable<(int Step, double Value)> series, int step) =>
        series.Where(p => p.Step >= step).Select(p => p.Value).DefaultIfEmpty(double.NaN).First();

    /// <summary>Last value of a checkpoint series over its first value at or after <see cref="EarlyStep"/> (below 1: it shrank).</summary>
    public static double Shrink(IReadOnlyList<(int Step, double Value)> series) =>
        series.Count == 0 ? double.NaN : series[^1].Value / AtOrAfter(series, EarlyStep);

    /// <summary>γ(T) − γ(t_fit) of a net run; NaN when it diverged or never fitted the data.</summary>
    private static double MarginRise(RunView<ImplicitBiasRun> r, int? fitted) =>
        r.Diverged || fitted is not int s ? double.NaN : r.Final(Margin) - r.At(Margin, s);

    /// <summary>The gap's rate from the stored gap and norm series (see <see cref="MarginGapRate"/>).</summary>
    internal static MarginGapRate GapFit(RunView<ImplicitBiasRun> r)
    {
        var norm = r.Series(Norm).ToDictionary(p => p.Step, p => p.Value);
        return MarginGapRate.Of(r.Series(Gap).Where(p => norm.ContainsKey(p.Step)).Select(p => (p.Step, p.Value, norm[p.Step])),
            r.Initial(MaxMargin));
    }

    private static (double Exponent, double Prefactor) AngleFit(RunView<ImplicitBiasRun> r) =>
        PowerLawFit.Fit(r.Series(Angle).Where(p => p.Step >= Math.Sqrt(r.Config.Steps) && p.Step > 1).Select(p => (Math.Log(p.Step), p.Value)));

    /// <summary>First checkpoint at which every training point is classified correctly (min margin > 0).</summary>
    private static int? FittedStep(RunView<ImplicitBiasRun> r) =>
        r.Series(MinMargin).Where(p => p.Value > 0).Select(p => (int?)p.Step).FirstOrDefault();

    private static double NonDecreasingFraction(RunView<ImplicitBiasRun> r, int from)
    {
        var s = r.Series(SmoothMargin).Where(p => p.Step >= from).Select(p => p.Value).ToArray();
        if (s.Length < 2) return double.NaN;
        return Enumerable.Range(1, s.Length - 1).Count(i => s[i] >= s[i - 1] - 1e-12 * Math.Abs(s[i - 1])) / (double)(s.Length - 1);
    }
}

using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>The seed's expected results, measured from the stored runs.</summary>
public sealed partial class ImplicitBiasExperiment
{
    /// <summary>"Early" reference checkpoint for the increase and the angle: the first logged step at or after t = 10.</summary>
    public const int EarlyStep = 10;

    public override IEnumerable<Claim> Claims(Results<ImplicitBiasRun> results)
    {
        var linear = results.Done.Where(r => r.Config.IsLinear && !r.Diverged).ToList();
        if (linear.Count == 0)
        {
            yield return results.Check("no-runs", "the linear runs have finished", double.NaN, "> 0 runs", false);
            yield break;
        }

        // (1) gamma(w_t) increases towards gamma*: the gap at the end is below half the gap at t = 10, and no
        //     checkpoint ever exceeds gamma* (which would contradict the exact solver).
        double worstRatio = linear.Max(r => GapAt(r, r.Config.Steps) / GapAt(r, EarlyStep));
        double overshoot = linear.Max(r => r.Series("margin").Max(p => p.Value) / r.Initial("max_margin") - 1);
        yield return results.Check("margin-approaches-max",
            "the normalised margin gamma(w_t) of GD from w = 0 increases towards the max margin gamma*: gap(T) / gap(10) (largest over runs) < 0.5, never above gamma*",
            worstRatio, "< 0.5 and gamma <= gamma* (1 + 1e-9)", worstRatio < 0.5 && overshoot <= 1e-9,
            $"largest overshoot gamma/gamma* - 1 = {Claim.Format(overshoot)}; " + string.Join("; ", linear.Select(r =>
                $"{Label(r.Config)}: gamma* {Claim.Format(r.Initial("max_margin"))}, gamma(T) {Claim.Format(r.Final("margin"))}, " +
                $"relative gap {Claim.Format(r.Final("gap") / r.Initial("max_margin"))}, gap(T)/gap(10) {Claim.Format(GapAt(r, r.Config.Steps) / GapAt(r, EarlyStep))}")));

        // (2) gap ~ 1/ln t. Soudry et al. (2018, Thm 3): gamma* ||w_t|| = ln t + O(1), so the exponent is fitted against that
        //     measured clock over the last quarter of the decades (see MarginGapRate); the naive fit against ln t is reported.
        var fits = linear.Select(r => (Run: r, Fit: GapFit(r))).ToList();
        var exponent = MeanStd.Of(fits.Select(f => f.Fit.Exponent));
        yield return results.Between("gap-rate-1-over-ln-t",
            "the margin gap gamma* - gamma(w_t) shrinks like 1/ln t: exponent p of gap ~ tau^-p with tau = gamma* ||w_t|| = ln t + O(1) (Soudry et al. 2018, Thm 3), " +
            "fitted over t >= T^(3/4), mean over runs",
            exponent.Mean, 0.7, 1.3,
            $"p = {exponent}; " + string.Join("; ", fits.Select(f => $"{Label(f.Run.Config)}: p = {Claim.Format(f.Fit.Exponent)} " +
                $"(against ln t itself: {Claim.Format(f.Fit.LnTExponent)}; offset b = ln T - gamma* ||w_T|| = {Claim.Format(f.Fit.Offset)}; " +
                $"R^2 of 1/gap linear in ln t: {Claim.Format(f.Fit.InverseGapRSquared)}; {f.Fit.Points} checkpoints)")) +
            "; the naive exponent exceeds 1 by about ln t / (ln t - b) - 1 because the offset b is comparable to ln t at any affordable t");

        // (3) the angle between w_t and w* tends to 0.
        double worstAngle = linear.Max(r => r.Final("angle") / AtOrAfter(r, "angle", EarlyStep));
        yield return results.AtMost("angle-to-max-margin-vanishes",
            "the angle between w_t and the max-margin direction w* tends to 0: angle(T) / angle(10), largest over runs",
            worstAngle, 0.5,
            string.Join("; ", linear.Select(r => $"{Label(r.Config)}: {Claim.Format(Degrees(AtOrAfter(r, "angle", EarlyStep)))}° at t = 10 -> " +
                $"{Claim.Format(Degrees(r.Final("angle")))}° at t = {r.Config.Steps} (fit exponent in ln t: {Claim.Format(AngleFit(r).Exponent)})")));

        // (4) the homogeneous net's normalised margin increases once the data are fitted (Lyu & Li 2019).
        var nets = results.Done.Where(r => !r.Config.IsLinear).ToList();
        if (nets.Count > 0)
        {
            var rises = nets.Select(r => (Run: r, Fitted: FittedStep(r))).ToList();
            double worstRise = rises.Min(x => x.Fitted is int s ? x.Run.Final("margin") - x.Run.At("margin", s) : double.NaN);
            yield return results.AtLeast("net-margin-increases",
                "the 2-layer homogeneous ReLU net's normalised margin min_i y_i f(x_i) / ||theta||^2 increases after the data are fitted: gamma(T) - gamma(t_fit), smallest over runs",
                rises.Any(x => x.Fitted is null || x.Run.Diverged) ? double.NaN : worstRise, 1e-12,
                string.Join("; ", rises.Select(x => x.Run.Diverged ? $"{x.Run.Config.Loss}: diverged" : x.Fitted is not int s
                    ? $"{x.Run.Config.Loss}: never fitted the data"
                    : $"{x.Run.Config.Loss}: gamma {Claim.Format(x.Run.At("margin", s))} at t_fit = {s} -> {Claim.Format(x.Run.Final("margin"))} at t = {x.Run.Config.Steps}; " +
                      $"smooth margin non-decreasing at {Claim.Format(100 * NonDecreasingFraction(x.Run, s))}% of later checkpoints")));
        }
    }

    internal static string Label(ImplicitBiasRun c) => $"{c.Loss} d={c.Dim}";

    internal static double Degrees(double radians) => radians * 180 / Math.PI;

    /// <summary>The first logged value at or after <paramref name="step"/>.</summary>
    internal static double AtOrAfter(RunView<ImplicitBiasRun> r, string metric, int step) =>
        r.Series(metric).Where(p => p.Step >= step).Select(p => p.Value).DefaultIfEmpty(double.NaN).First();

    private static double GapAt(RunView<ImplicitBiasRun> r, int step) => AtOrAfter(r, "gap", step);

    /// <summary>The gap's rate from the stored gap and norm series (see <see cref="MarginGapRate"/>).</summary>
    internal static MarginGapRate GapFit(RunView<ImplicitBiasRun> r)
    {
        var norm = r.Series("norm").ToDictionary(p => p.Step, p => p.Value);
        return MarginGapRate.Of(r.Series("gap").Where(p => norm.ContainsKey(p.Step)).Select(p => (p.Step, p.Value, norm[p.Step])),
            r.Initial("max_margin"));
    }

    private static (double Exponent, double Prefactor) AngleFit(RunView<ImplicitBiasRun> r) => LateFit(r, "angle");

    private static (double Exponent, double Prefactor) LateFit(RunView<ImplicitBiasRun> r, string metric) =>
        PowerLawFit.Fit(r.Series(metric).Where(p => p.Step >= Math.Sqrt(r.Config.Steps) && p.Step > 1).Select(p => (Math.Log(p.Step), p.Value)));

    /// <summary>First checkpoint at which every training point is classified correctly (min margin > 0).</summary>
    private static int? FittedStep(RunView<ImplicitBiasRun> r) =>
        r.Series("min_margin").Where(p => p.Value > 0).Select(p => (int?)p.Step).FirstOrDefault();

    private static double NonDecreasingFraction(RunView<ImplicitBiasRun> r, int from)
    {
        var s = r.Series("smooth_margin").Where(p => p.Step >= from).Select(p => p.Value).ToArray();
        if (s.Length < 2) return double.NaN;
        return Enumerable.Range(1, s.Length - 1).Count(i => s[i] >= s[i - 1] - 1e-12 * Math.Abs(s[i - 1])) / (double)(s.Length - 1);
    }
}

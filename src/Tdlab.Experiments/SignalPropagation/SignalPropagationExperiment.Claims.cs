using Tdlab.Lab.Claims;
using Tdlab.Probes.MeanField;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>The seeds' predictions against the stored measurements.</summary>
public sealed partial class SignalPropagationExperiment
{
    /// <summary>Measured growth within this much of ln chi (the tolerance); also the band around the line left out of the separation claim.</summary>
    public const double GrowthTolerance = 0.05;

    /// <summary>
    /// The recursion is an exact expectation, so every layer's measured mean must also sit within this many standard errors of it.
    /// 4, not 2 or 3: the claim takes the maximum over ~60 (correlated) layer-and-ρ comparisons.
    /// </summary>
    public const double MaxStandardErrors = 4;

    public override IEnumerable<Claim> Claims(Results<SignalPropagationRun> results)
    {
        var relu = results.Done.Where(r => r.Config.Activation == SignalPropagationRun.Relu).OrderBy(r => r.Config.Rho).ToList();
        var tanh = TanhPoints(results);
        if (relu.Count == 0 && tanh.Count == 0)
        {
            yield return results.Check("no-runs", "the sweep has finished runs", double.NaN, "> 0 runs", false);
            yield break;
        }

        if (relu.Count > 0)
        {
            var fits = relu.Select(r => LayerFit(r, "act_m2", ReluPrediction(r.Config))).ToList();
            var any = relu[0].Config;
            yield return RecursionClaim(results, "relu-recursion",
                $"ReLU nets of width {any.Width}: the measured E(F_l^2) stays within 10% of the recursion E(F_l^2) = ρ E(F_(l−1)^2) + E(B^2)/2 over {any.Layers} layers, for ρ below, at and above 1, " +
                $"and within {MaxStandardErrors} standard errors of it (max |measured/predicted − 1| over ρ and layers)",
                fits, $"averaged over {any.Nets} independent nets × {any.Batch} input(s) per ρ");

            var critical = relu.MinBy(r => Math.Abs(r.Config.Rho - 1))!;
            var grad = LayerFit(critical, "grad_act_m2", GradientPrediction(critical.Config));
            yield return RecursionClaim(results, "relu-gradient",
                $"ReLU at the critical scale σ = √(2/n) (ρ = {Claim.Format(critical.Config.Rho)}): the gradient second moment E(∂L/∂F_l)^2 follows ρ^(L−l) (constant), " +
                $"within 10% and within {MaxStandardErrors} standard errors over all layers",
                [grad], $"averaged over {critical.Config.Nets} nets × {critical.Config.Batch} input(s)");
        }

        if (tanh.Count > 0)
        {
            var worst = tanh.MaxBy(p => Math.Abs(p.Growth - p.LogChi))!;
            yield return results.AtMost("tanh-growth",
                $"random tanh nets: the measured per-layer growth of the mean squared gradient (slope of ln E(∂L/∂h_l)^2 over {tanh[0].Layers} layers) is within {GrowthTolerance} of ln χ at every sample point",
                Math.Abs(worst.Growth - worst.LogChi), GrowthTolerance,
                string.Join("; ", tanh.Select(p => $"(σ_w²={Claim.Format(p.SigmaW2)}, σ_b²={Claim.Format(p.SigmaB2)}): measured {p.Growth:F4} vs ln χ {p.LogChi:F4}")));

            var clear = tanh.Where(p => Math.Abs(p.LogChi) >= GrowthTolerance).ToList();
            int agree = clear.Count(p => Math.Sign(p.Growth) == Math.Sign(p.LogChi));
            yield return results.AtLeast("critical-line",
                "the χ = 1 line separates vanishing from exploding gradients: fraction of sample points (|ln χ| ≥ 0.05) whose measured gradient growth has the sign of ln χ (ordered side: vanishing; chaotic side: exploding)",
                clear.Count == 0 ? double.NaN : agree / (double)clear.Count, 1.0,
                $"{agree} of {clear.Count} points agree ({tanh.Count - clear.Count} within 0.05 of the line left out); ordered side: " +
                string.Join(", ", clear.Where(p => p.LogChi < 0).Select(p => $"({Claim.Format(p.SigmaW2)}, {Claim.Format(p.SigmaB2)}) {p.Growth:+0.000;-0.000}")) + "; chaotic side: " +
                string.Join(", ", clear.Where(p => p.LogChi > 0).Select(p => $"({Claim.Format(p.SigmaW2)}, {Claim.Format(p.SigmaB2)}) {p.Growth:+0.000;-0.000}")));
        }
    }

    /// <summary>E(F_l^2) of the recursion from E(x^2) = 1, l = 0..L.</summary>
    internal static double[] ReluPrediction(SignalPropagationRun c) => ReluVarianceRecursion.SecondMoments(1, c.Rho, c.SigmaB2, c.Layers);

    /// <summary>E(dL/dF_l)^2 = rho^(L - l) E g^2 with E g^2 = 1, l = 0..L.</summary>
    internal static double[] GradientPrediction(SignalPropagationRun c) =>
        Enumerable.Range(0, c.Layers + 1).Select(l => Math.Pow(c.Rho, c.Layers - l)).ToArray();

    /// <summary>
    /// Worst |measured / predicted − 1| within <paramref name="tolerance"/> (the 10%) and every layer's deviation within
    /// <see cref="MaxStandardErrors"/> standard errors (over nets) of the prediction: close, and statistically consistent.
    /// </summary>
    private static Claim RecursionClaim(Results<SignalPropagationRun> results, string id, string statement, List<Fit> fits, string sampling, double tolerance = 0.10)
    {
        var worst = fits.MaxBy(f => f.MaxRelError)!;
        double z = fits.Max(f => f.MaxAbsZ);
        return results.Check(id, statement, worst.MaxRelError, $"<= {Claim.Format(tolerance)} and |z| <= {Claim.Format(MaxStandardErrors)}",
            worst.MaxRelError <= tolerance && z <= MaxStandardErrors,
            $"{sampling}; worst |z| = |measured − predicted| / s.e. = {z:F2}; " + string.Join("; ", fits.Select(f => f.Describe("ρ"))));
    }

    /// <summary>Measured vs predicted per layer (l = 1..L for activations, all layers for gradients), relative and in standard errors.</summary>
    internal static Fit LayerFit(RunView<SignalPropagationRun> run, string metric, double[] predicted)
    {
        int first = metric == "act_m2" ? 1 : 0;
        var errors = Enumerable.Range(first, predicted.Length - first)
            .Select(l => (Layer: l, Error: Math.Abs(run.At(metric, l) / predicted[l] - 1),
                Z: Math.Abs(run.At(metric, l) - predicted[l]) / run.At(metric + "_se", l))).ToList();
        var worst = errors.MaxBy(e => e.Error);
        var worstZ = errors.Where(e => !double.IsNaN(e.Z)).Select(e => e.Z).DefaultIfEmpty(double.NaN).Max();
        return new Fit(run.Config.Rho, worst.Error, worst.Layer, run.At(metric + "_se", worst.Layer) / predicted[worst.Layer], worstZ,
            run.At(metric, worst.Layer), predicted[worst.Layer]);
    }

    internal static List<TanhPoint> TanhPoints(Results<SignalPropagationRun> results) =>
        results.Done.Where(r => r.Config.Activation == SignalPropagationRun.Tanh)
            .GroupBy(r => (r.Config.SigmaW2, r.Config.SigmaB2))
            .Select(g => new TanhPoint(g.Key.SigmaW2, g.Key.SigmaB2, g.First().Config.Layers, g.Average(r => r.Initial("growth")), g.First().Initial("log_chi")))
            .OrderBy(p => p.SigmaB2).ThenBy(p => p.SigmaW2).ToList();

    /// <summary>Worst layer by relative error: its error, relative standard error and values; the largest |z| over all layers.</summary>
    internal sealed record Fit(double Rho, double MaxRelError, int WorstLayer, double RelStandardError, double MaxAbsZ, double Measured, double Predicted)
    {
        public string Describe(string name) =>
            $"{name} = {Claim.Format(Rho)}: worst {MaxRelError:P1} ± {RelStandardError:P1} (s.e.) at layer {WorstLayer} " +
            $"({Claim.Format(Measured)} vs {Claim.Format(Predicted)}), max |z| {MaxAbsZ:F2}";
    }

    internal sealed record TanhPoint(double SigmaW2, double SigmaB2, int Layers, double Growth, double LogChi);
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// The second-order sub-study's expected results (seed 000 topic 20), pre-registered before its first run: per seed, every
/// optimiser from the same student on the same data. A first-order run that stops short of the target (at its cap, or
/// diverged) counts with the cap's iterations and its wall time scaled linearly to the cap (lower bounds on its cost, so
/// against the claim); a second-order run that stops short counts as infinitely costly (ratio 0).
/// </summary>
public sealed partial class SharpnessExperiment
{
    private static readonly SeedStatement Topic20 = new("seed 000", "Things to try, 20",
        "Competition between second order methods and first-order methods. Adaptive gradient methods actually use second-order information implicitly");

    public static readonly ClaimSpec SecondOrderFewerIterations = new("second-order-fewer-iterations",
        "damped Newton and Gauss–Newton (CG on exact products) reach the target loss of the regression net in fewer iterations than the better of GD and Adam",
        Topic20,
        "min(iterations of GD, of Adam) / iterations of the method per seed, for Gauss–Newton and for Newton; must hold for both",
        Rule.Above(1));

    public static readonly ClaimSpec SecondOrderLessTime = new("second-order-less-wall-time",
        "counting the conjugate-gradient products, damped Newton and Gauss–Newton still reach the target loss in less wall time than the better of GD and Adam",
        Topic20,
        "min(wall seconds of GD, of Adam) / wall seconds of the method per seed, for Gauss–Newton and for Newton; must hold for both",
        Rule.Above(1));

    public static readonly ClaimSpec AdamAlignsWithGaussNewton = new("adam-second-moment-aligns-with-gauss-newton-diagonal",
        "Adam's second-moment estimate v is aligned with the diagonal of the Gauss–Newton matrix over training, more than a constant preconditioner (plain GD's) is",
        Topic20,
        "mean over Adam's checkpoints (every align-every steps) of cos(v, diag G) − cos(1, diag G) per seed, diag G exact",
        Rule.Above(0));

    private static readonly Deviation[] SecondOrderDeviations =
    [
        new("topic 20 on a 5-8-1 tanh student of a 5-4-1 tanh teacher (64 Gaussian inputs, no noise, target (1/2) mean (f − y)^2 ≤ 1e-4), full-batch methods only; GD's step is 1/λ_max at the start, Adam's 0.01, damping μ_0 = 1e-3 with Levenberg–Marquardt updates; no step-size search for any method",
            "a net small enough for exact per-coordinate Gauss–Newton diagonals (57 products) and for CG to converge; one fixed, textbook setting per method rather than tuning until a claim holds"),
        new("wall time is measured on a shared, loaded machine: the ratio, not the seconds, is the statistic",
            "other jobs share the 2 cores"),
    ];

    private static IEnumerable<Claim> SecondOrderClaims(Results<SharpnessRun> results)
    {
        if (results.Plan.Runs.All(s => ((SharpnessRun)s.Config).Study != SharpnessStudy.SecondOrder)) yield break;
        var runs = results.Done.Where(r => r.Config.Study == SharpnessStudy.SecondOrder).ToList();
        string detail = string.Join("; ", runs.OrderBy(r => r.Replicate).ThenBy(r => r.Config.Method).Select(r =>
            $"seed {r.Replicate} {r.Config.Method}: {r.Final(Iterations):G6} iterations, {Claim.Format(r.Final(WallSeconds))} s, {r.Final(Products):G6} products, " +
            $"loss {Claim.Format(r.Final(RegressionLoss))}{(r.Final(Reached) == 1 ? "" : " (cap)")}"));
        var bySeed = runs.GroupBy(r => r.Replicate).Select(g => g.ToDictionary(r => r.Config.Method)).ToList();
        OptimizerMethod[] second = [OptimizerMethod.GaussNewton, OptimizerMethod.Newton];

        foreach (var (spec, metric) in new[] { (SecondOrderFewerIterations, Iterations), (SecondOrderLessTime, WallSeconds) })
        {
            var parts = second
                .Select(m => (m, Ratios: bySeed.Where(s => s.ContainsKey(m) && s.ContainsKey(OptimizerMethod.Gd) && s.ContainsKey(OptimizerMethod.Adam))
                    .Select(s => CostRatio(s, m, metric)).ToList()))
                .Where(p => p.Ratios.Count > 0)
                .Select(p => (MethodName(p.m), Estimate.Mean(p.Ratios))).ToList();
            yield return parts.Count == 0
                ? results.NotMeasured(spec, "needs GD, Adam and a second-order method on the same seed")
                : results.ClaimAll(spec, parts, detail);
        }

        var adam = runs.Where(r => r.Config.Method == OptimizerMethod.Adam && r.Has(AdamGnCosine)).ToList();
        string alignment = string.Join("; ", adam.OrderBy(r => r.Replicate).Select(r =>
            $"seed {r.Replicate}: cos(v, diag G) {Claim.Format(r.Series(AdamGnCosine).Average(p => p.Value))}, cos(1, diag G) {Claim.Format(r.Series(UniformGnCosine).Average(p => p.Value))}"));
        yield return adam.Count == 0
            ? results.NotMeasured(AdamAlignsWithGaussNewton, "no Adam run")
            : results.Claim(AdamAlignsWithGaussNewton, Estimate.Mean(adam.Select(AlignmentMargin)), alignment);
    }

    /// <summary>mean over checkpoints of cos(v, diag G) − cos(1, diag G).</summary>
    private static double AlignmentMargin(RunView<SharpnessRun> r) =>
        AlignmentMargin(r.Series(AdamGnCosine).Select(p => p.Value), r.Series(UniformGnCosine).Select(p => p.Value));

    /// <summary>adam-second-moment-aligns-with-gauss-newton-diagonal's statistic: mean over checkpoints of cos(v, diag G) − cos(1, diag G).</summary>
    internal static double AlignmentMargin(IEnumerable<double> adamCosine, IEnumerable<double> uniformCosine) =>
        adamCosine.Zip(uniformCosine, (x, y) => x - y).Average();

    /// <summary>min(cost of GD, of Adam) / cost of the method; 0 when the method did not reach the target.</summary>
    private static double CostRatio(Dictionary<OptimizerMethod, RunView<SharpnessRun>> seed, OptimizerMethod method, Metric cost)
    {
        var run = seed[method];
        return CostRatio(FirstOrderCost(seed[OptimizerMethod.Gd], cost), FirstOrderCost(seed[OptimizerMethod.Adam], cost),
            run.Final(cost), !run.Diverged && run.Final(Reached) == 1);
    }

    /// <summary>
    /// second-order-fewer-iterations's and second-order-less-wall-time's statistic for one seed and method: min(cost of GD,
    /// of Adam) / cost of the method; 0 when the method did not reach the target.
    /// </summary>
    internal static double CostRatio(double gdCost, double adamCost, double methodCost, bool methodReached) =>
        methodReached ? Math.Min(gdCost, adamCost) / Math.Max(methodCost, 1e-9) : 0;

    /// <summary>The cost to the target; short of it, the cap's iterations or the wall time scaled to the cap.</summary>
    private static double FirstOrderCost(RunView<SharpnessRun> run, Metric cost)
    {
        double value = run.Final(cost);
        if (!run.Diverged && run.Final(Reached) == 1) return value;
        double cap = run.Config.FirstOrderMaxSteps, done = Math.Max(1, run.Final(Iterations));
        return cost == Iterations ? cap : value * cap / done;
    }

    private static string MethodName(OptimizerMethod m) => m == OptimizerMethod.GaussNewton ? "Gauss–Newton" : "Newton";
}

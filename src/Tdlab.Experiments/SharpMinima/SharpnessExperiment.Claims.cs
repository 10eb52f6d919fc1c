using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// The expected results, pre-registered: per seed (its own initial net, shared by both batch sizes, and its own minibatch order),
/// runs that reached the target loss are compared; the estimator's check apart.
/// </summary>
public sealed partial class SharpnessExperiment
{
    /// <summary>The band within which eta_max lambda_max / 2 must lie for "the largest stable step is 2 / lambda_max".</summary>
    public const double StableLow = 0.8, StableHigh = 1.25;

    private static readonly SeedStatement Topic23 = new("seed 000", "Things to try, 23", "Wide/sharp minimas");

    private static readonly SeedStatement Topic5 = new("seed 000", "Things to try, 5",
        "Lipschitz smooth gradient, convergence dependent on beta (Lipschitz constant) [Proposition 1.2.3]");

    public static readonly ClaimSpec LargeBatchSharper = new("large-batch-sharper",
        "trained to the same training loss, large-batch SGD ends at a sharper minimum than small-batch SGD: a larger top Hessian eigenvalue (Keskar et al. 2017)",
        Topic23,
        "λ_max(largest batch) / λ_max(smallest batch) per seed, seeds where both runs reached the target loss",
        Rule.Above(1));

    public static readonly ClaimSpec LargeBatchLargerTrace = new("large-batch-larger-trace",
        "trained to the same training loss, large-batch SGD ends where the Hessian trace (the summed curvature) is larger than small-batch SGD's",
        Topic23,
        "tr H(largest batch) / tr H(smallest batch) per seed (Hutchinson, SE ≤ 2%), seeds where both runs reached the target loss",
        Rule.Above(1));

    public static readonly ClaimSpec StableStepIsTwoOverLambda = new("largest-stable-step-is-2-over-lambda",
        $"at the solution the largest stable GD step is 2/λ_max, the step bound of a function with λ_max-Lipschitz gradient, within [{StableLow}, {StableHigh}], at every batch size",
        Topic5,
        "η_max λ_max / 2 per run (η_max by bisection: the largest step whose GD trial from the solution never doubles the loss), per batch size over seeds; must hold for every batch size",
        Rule.Within(StableLow, StableHigh));

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("data and net: 500 Fashion-MNIST images pooled to 7 × 7 and a 49-32-32-10 tanh MLP (quick), 5,000 images and 784-200-200-10 (full), instead of Keskar et al.'s CIFAR/ImageNet convnets",
            "the quick preset must run in well under a minute on 2 cores; CIFAR-10 is not installable here"),
        new("large batch = the full batch (gradient descent), small batch = 10 (quick) or 32 (full), one step size η for both",
            "the two ends of the batch-size axis with everything else equal; Keskar et al. use 256 vs 10% of the data with Adam"),
        new("the full preset trains (batch-size and outlier runs) in float32 and measures at the start and the solution in float64 on a copy of the weights " +
            "(quick: float64 throughout)",
            "a full-batch step costs 2.2x more in float64 at 784-200-200-10; the measurements stay float64 because Lanczos is asked for 10⁻⁸ and the outlier " +
            "rule's bulk edge lies near 10⁻⁶‖H‖, about a float32 product's error; set for cost before any full-preset run", "2026-12-01"),
        .. OutlierDeviations,
        .. SecondOrderDeviations,
    ];

    public override IEnumerable<Claim> Claims(Results<SharpnessRun> results) =>
        BatchClaims(results).Concat(OutlierClaims(results)).Concat(SecondOrderClaims(results));

    private static IEnumerable<Claim> BatchClaims(Results<SharpnessRun> results)
    {
        var reached = results.Done.Where(r => r.Config.Study == SharpnessStudy.BatchSize && !r.Diverged && r.Final(Reached) == 1).ToList();
        var batchRuns = results.Plan.Runs.Select(s => (SharpnessRun)s.Config).Where(r => r.Study == SharpnessStudy.BatchSize).ToList();
        int small = batchRuns.Select(r => r.EffectiveBatch).Min();
        int large = batchRuns.Select(r => r.EffectiveBatch).Max();
        var pairs = reached.GroupBy(r => r.Replicate)
            .Select(g => (Small: g.FirstOrDefault(r => r.Config.EffectiveBatch == small), Large: g.FirstOrDefault(r => r.Config.EffectiveBatch == large)))
            .Where(p => p.Small is not null && p.Large is not null && small != large).ToList();
        var seedsRun = results.Plan.Runs.Where(s => ((SharpnessRun)s.Config).Study == SharpnessStudy.BatchSize).Select(s => s.Replicate).Distinct().Order().ToList();
        var dropped = seedsRun.Except(pairs.Select(p => p.Small!.Replicate)).ToList();
        string paired = $"n = {pairs.Count} of {seedsRun.Count} seeds paired (both batch sizes at the target loss)" +
            (dropped.Count == 0 ? "" : $"; left out, a batch size short of the target: seed {string.Join(", ", dropped)}");
        string detail = string.Join("; ", reached.OrderBy(r => r.Replicate).ThenBy(r => r.Config.EffectiveBatch).Select(r =>
            $"seed {r.Replicate} batch {r.Config.EffectiveBatch}: steps {r.Series(SharpnessMetrics.Loss)[^1].Step}, λ_max {Claim.Format(r.Final(Sharpness))}, " +
            $"tr H {Claim.Format(r.Final(Trace))} ± {Claim.Format(r.Final(TraceError))}, η_max λ/2 {Claim.Format(r.Final(StableStep) * r.Final(Sharpness) / 2)}"));
        if (pairs.Count == 0)
        {
            yield return results.NotMeasured(LargeBatchSharper, $"no seed has both batch sizes at the target loss; {paired}");
            yield return results.NotMeasured(LargeBatchLargerTrace, $"no seed has both batch sizes at the target loss; {paired}");
        }
        else
        {
            yield return results.Claim(LargeBatchSharper, Estimate.Mean(pairs.Select(p => LargeOverSmall(p.Large!.Final(Sharpness), p.Small!.Final(Sharpness)))), $"{paired}; {detail}");
            yield return results.Claim(LargeBatchLargerTrace, Estimate.Mean(pairs.Select(p => LargeOverSmall(p.Large!.Final(Trace), p.Small!.Final(Trace)))), $"{paired}; {detail}");
        }

        if (reached.Count == 0) yield return results.NotMeasured(StableStepIsTwoOverLambda, "no run reached the target loss");
        else
            yield return results.ClaimAll(StableStepIsTwoOverLambda,
                reached.GroupBy(r => r.Config.EffectiveBatch).OrderBy(g => g.Key)
                    .Select(g => ($"batch {g.Key}", Estimate.Mean(g.Select(r => StableStepOverBound(r.Final(StableStep), r.Final(Sharpness)))))).ToList(),
                detail);
    }

    /// <summary>large-batch-sharper's and large-batch-larger-trace's statistic for one seed: the large batch's value / the small batch's.</summary>
    internal static double LargeOverSmall(double large, double small) => large / small;

    /// <summary>largest-stable-step-is-2-over-lambda's statistic for one run: η_max / (2 / λ_max) = η_max λ_max / 2.</summary>
    internal static double StableStepOverBound(double stableStep, double sharpness) => stableStep * sharpness / 2;

    public override IEnumerable<Check> Checks(Results<SharpnessRun> results)
    {
        var done = results.Done.Where(r => r.Has(SharpnessResidual)).ToList();
        if (done.Count == 0) yield break;
        double worst = done.Max(r => r.Final(SharpnessResidual));
        yield return results.Check("sharpness-converged", "every λ_max estimate has ||Hv − λv|| ≤ 1e-6 λ", worst, "≤ 1e-6", worst <= 1e-6);
    }
}

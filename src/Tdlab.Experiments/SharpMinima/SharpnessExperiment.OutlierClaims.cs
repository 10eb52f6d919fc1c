using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// The outlier sub-study's expected results, pre-registered before its first run (the counting rule included, see
/// <see cref="OutlierStudy.Count"/>): per seed, one net per number of classes C.
/// </summary>
public sealed partial class SharpnessExperiment
{
    /// <summary>The band for n_out − C: C − 1 or C outliers ("C or C − 1"), the mean over seeds within half a count of them.</summary>
    public const double OutlierLow = -1.5, OutlierHigh = 0.5;

    /// <summary>The band for the slope of n_out against C.</summary>
    public const double SlopeLow = 0.75, SlopeHigh = 1.25;

    private static readonly SeedStatement Topic11 = new("seed 000", "Things to try, 11",
        "local Lipschitz constant of the gradient (the maximum eigenvalue of the Hessian)");

    public static readonly ClaimSpec OutliersMatchClasses = new("outliers-match-classes",
        $"at the solution the Hessian's spectrum is a bulk near zero and a few outliers, C or C − 1 of them for C classes (Sagun et al. 2017; Papyan 2019): n_out − C within [{OutlierLow}, {OutlierHigh}] for every C",
        Topic11,
        "n_out − C per seed at the solution (n_out: the largest relative gap among the top-30 Lanczos eigenvalues above the SLQ density's 0.99 quantile), per C; must hold for every C",
        Rule.Within(OutlierLow, OutlierHigh));

    public static readonly ClaimSpec OutliersGrowWithClasses = new("outliers-grow-with-classes",
        $"the number of outliers grows one for one with the number of classes: the slope of n_out against C within [{SlopeLow}, {SlopeHigh}]",
        Topic11,
        "least-squares slope of n_out (at the solution) on C over the sub-study's C values, per seed (runs that reached the target loss)",
        Rule.Within(SlopeLow, SlopeHigh));

    private static readonly Deviation[] OutlierDeviations =
    [
        new("outliers: the first C classes of the same 500-image subset (so about 50 C images), the same 49-32-32 tanh MLP with C outputs and SGD at batch 10 to the same target loss; Sagun et al. and Papyan use MNIST/CIFAR convnets and VGG/ResNets",
            "the quick preset's budget; the count needs only the top of the spectrum and the bulk edge"),
    ];

    private static IEnumerable<Claim> OutlierClaims(Results<SharpnessRun> results)
    {
        var runs = results.Done.Where(r => r.Config.Study == SharpnessStudy.Outliers).ToList();
        if (results.Plan.Runs.All(s => ((SharpnessRun)s.Config).Study != SharpnessStudy.Outliers)) yield break;
        var reached = runs.Where(r => !r.Diverged && r.Final(Reached) == 1).ToList();
        string detail = string.Join("; ", runs.OrderBy(r => r.Config.Classes).ThenBy(r => r.Replicate).Select(r =>
            $"C {r.Config.Classes} seed {r.Replicate}: n_out {r.Series(Outliers)[0].Value:G4} at the start, {r.Final(Outliers):G4} at the solution " +
            $"(bulk edge {Claim.Format(r.Final(BulkEdge))}, gap ×{Claim.Format(r.Final(OutlierGap))}, λ_max {Claim.Format(r.Final(OutlierTopEigenvalue))}, reached {r.Final(Reached)})"));
        if (reached.Count == 0)
        {
            yield return results.NotMeasured(OutliersMatchClasses, "no outlier run reached the target loss");
            yield return results.NotMeasured(OutliersGrowWithClasses, "no outlier run reached the target loss");
            yield break;
        }

        yield return results.ClaimAll(OutliersMatchClasses,
            reached.GroupBy(r => r.Config.Classes).OrderBy(g => g.Key)
                .Select(g => ($"C = {g.Key}", Estimate.Mean(g.Select(r => OutlierExcess(r.Final(Outliers), g.Key))))).ToList(),
            detail);

        var slopes = reached.GroupBy(r => r.Replicate)
            .Where(g => g.Select(r => r.Config.Classes).Distinct().Count() >= 2)
            .Select(g => Slope(g.Select(r => ((double)r.Config.Classes, r.Final(Outliers))).ToList())).ToList();
        yield return slopes.Count == 0
            ? results.NotMeasured(OutliersGrowWithClasses, "no seed has two numbers of classes at the target loss")
            : results.Claim(OutliersGrowWithClasses, Estimate.Mean(slopes), detail);
    }

    /// <summary>outliers-match-classes's statistic for one run: n_out − C.</summary>
    internal static double OutlierExcess(double outliers, int classes) => outliers - classes;

    /// <summary>The least-squares slope of y on x.</summary>
    internal static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
    }
}

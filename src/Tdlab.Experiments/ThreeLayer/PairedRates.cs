using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// Comparisons of success between two arms run on the same seeds (paired: same data and initial draws). Each seed gives
/// (A_s, B_s), its fraction of successful runs in each arm (0 or 1 with one run per arm). Tests that stay decidable when
/// an arm succeeds always or never (a bootstrap of the rate difference then has no spread):
/// <list type="bullet">
/// <item><see cref="SignTest"/>: among the discordant seeds (A_s != B_s), the fraction with A_s &gt; B_s, Clopper-Pearson
/// (McNemar's exact test: above 1/2 when A succeeds more often than B).</item>
/// <item><see cref="Discordance"/>: the fraction of seeds on which the arms disagree, Clopper-Pearson (small when the arms behave alike).</item>
/// </list>
/// </summary>
public static class PairedRates
{
    /// <summary>Per seed: (fraction of successes among its runs in arm A, in arm B); seeds missing an arm are left out.</summary>
    public static List<(double A, double B)> BySeed<TRun>(IEnumerable<RunView<TRun>> runs, Func<RunView<TRun>, bool> inA, Func<RunView<TRun>, bool> inB,
        Func<RunView<TRun>, bool> success) where TRun : class =>
        BySeed(runs.Select(r => (r.Replicate, inA(r), inB(r), success(r))));

    /// <summary>The same from per-run values (seed, in arm A, in arm B, success).</summary>
    public static List<(double A, double B)> BySeed(IEnumerable<(int Seed, bool InA, bool InB, bool Success)> runs) =>
        runs.GroupBy(r => r.Seed).OrderBy(g => g.Key)
            .Where(g => g.Any(r => r.InA) && g.Any(r => r.InB))
            .Select(g => (g.Where(r => r.InA).Average(r => r.Success ? 1.0 : 0.0), g.Where(r => r.InB).Average(r => r.Success ? 1.0 : 0.0)))
            .ToList();

    public static Estimate SignTest(IReadOnlyList<(double A, double B)> perSeed) =>
        Estimate.Proportion(perSeed.Count(p => p.A > p.B), perSeed.Count(p => p.A != p.B));

    public static Estimate Discordance(IReadOnlyList<(double A, double B)> perSeed) =>
        Estimate.Proportion(perSeed.Count(p => p.A != p.B), perSeed.Count);

    /// <summary>"A better on a, B better on b of n seeds" for a claim's detail.</summary>
    public static string DescribeSigns(IReadOnlyList<(double A, double B)> perSeed, string a, string b) =>
        $"{a} better on {perSeed.Count(p => p.A > p.B)}, {b} better on {perSeed.Count(p => p.A < p.B)} of {perSeed.Count} seeds";

    /// <summary>"k/n [lo, hi]" with the Clopper-Pearson interval of a success count.</summary>
    public static string Describe(int successes, int trials) => trials == 0 ? "no runs" : $"{successes}/{trials} {Estimate.Proportion(successes, trials).Describe()}";
}

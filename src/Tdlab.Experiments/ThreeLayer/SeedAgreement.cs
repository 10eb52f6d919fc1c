using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// A per-run condition judged with the seed as the replicate: the runs of one seed share its data and initial draws
/// across nu and train size, so they are not independent. The statistic is the fraction of seeds all of whose runs
/// satisfy the condition, with the Clopper-Pearson interval over seeds (20 of 20 seeds: [0.83, 1]).
/// </summary>
public static class SeedAgreement
{
    /// <summary>(seeds all of whose runs hold) / (seeds), Clopper-Pearson over seeds.</summary>
    public static Estimate AllRunsHold(IEnumerable<(int Seed, bool Holds)> runs)
    {
        var seeds = runs.GroupBy(r => r.Seed).ToList();
        return Estimate.Proportion(seeds.Count(g => g.All(r => r.Holds)), seeds.Count);
    }
}

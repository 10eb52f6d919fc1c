namespace Tdlab.Lab.Claims;

/// <summary>
/// A claim written before its runs, like a pre-registered test: the seed sentence it tests, the statistic computed
/// per replicate, the replicate unit, and the rule (threshold and side). Families declare their specs as static
/// fields and decide them from the store with <see cref="Decide"/>, <see cref="DecideAll"/> or
/// <see cref="NotMeasured"/>; the verdict is <see cref="VerdictRule"/>'s, never the family's.
/// </summary>
public sealed record ClaimSpec(string Id, string Statement, SeedStatement Seed, string Statistic, Rule Rule, string ReplicateUnit = ReplicateUnits.Seed)
{
    /// <summary>One comparison: the verdict of <paramref name="evidence"/> against the rule.</summary>
    public Claim Decide(string experiment, Estimate evidence, string detail = "") =>
        new(experiment, this, evidence, VerdictRule.Decide(evidence, Rule), "", detail);

    /// <summary>
    /// A claim that every one of several comparisons holds (e.g. at every depth): holds when each does
    /// (intersection-union test), does not hold when Holm's procedure finds one on the wrong side. The claim shows
    /// the deciding component's estimate.
    /// </summary>
    public Claim DecideAll(string experiment, IReadOnlyList<(string Label, Estimate Evidence)> components, string detail = "")
    {
        if (components.Count == 0)
            return NotMeasured(experiment, "no component could be measured");
        CompositeVerdict v = VerdictRule.DecideAll(components.Select(c => c.Evidence).ToList(), Rule);
        var deciding = components[v.Deciding];
        string note = $"{v.Note}; shown: {deciding.Label}";
        string all = string.Join("; ", components.Select(c => $"{c.Label}: {c.Evidence.Describe()}"));
        return new Claim(experiment, this, deciding.Evidence, v.Verdict, note, detail.Length > 0 ? $"{detail}; {all}" : all);
    }

    /// <summary>The claim could not be measured (no runs, too few replicates): inconclusive with n = 0.</summary>
    public Claim NotMeasured(string experiment, string why) =>
        new(experiment, this, null, Verdict.Inconclusive, "not measured", why);
}

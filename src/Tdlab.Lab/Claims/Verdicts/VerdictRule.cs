namespace Tdlab.Lab.Claims;

/// <summary>
/// The verdict rule for pre-registered claims: compare the 95% two-sided interval of an <see cref="Estimate"/>
/// with a <see cref="Rule"/> (0.025 per side, so a one-sided claim Holds or fails at the 2.5% level). An
/// estimate over fewer than <see cref="MinimumReplicates"/> replicates, with a NaN value, or whose replicates all gave one value
/// (no spread: see <see cref="Decidable"/>), is always Inconclusive.
/// </summary>
public static class VerdictRule
{
    public const int MinimumReplicates = 3;

    /// <summary>Two-sided level of the interval; 0.025 per side.</summary>
    public const double Alpha = 0.05;

    /// <summary>One-sided level: the family-wise level of the Holm step in <see cref="DecideAll"/>.</summary>
    public const double OneSidedAlpha = Alpha / 2;

    /// <summary>
    /// Above(t): Holds if Low &gt; t, DoesNotHold if High &lt; t. Below(t): Holds if High &lt; t, DoesNotHold if
    /// Low &gt; t. Within(lo, hi): Holds if lo &lt;= Low and High &lt;= hi (two one-sided tests, Schuirmann 1987),
    /// DoesNotHold if High &lt; lo or Low &gt; hi. Otherwise Inconclusive. For a t estimate, Low &gt; t exactly when
    /// <see cref="Estimate.PValueNotAbove"/>(t) &lt; 0.025.
    /// </summary>
    public static Verdict Decide(Estimate e, Rule rule)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(rule);
        if (!Decidable(e))
            return Verdict.Inconclusive;
        return rule.Kind switch
        {
            RuleKind.Above => Side(e.Low > rule.Low, e.High < rule.Low),
            RuleKind.Below => Side(e.High < rule.High, e.Low > rule.High),
            _ => Side(rule.Low <= e.Low && e.High <= rule.High, e.High < rule.Low || e.Low > rule.High),
        };
    }

    /// <summary>
    /// A claim that ALL k components are on the claimed side of one rule.
    /// Holds when every component Holds by <see cref="Decide"/>: an intersection-union test (Berger 1982), whose
    /// size is at most the largest size of its component tests, so it needs no multiplicity correction.
    /// DoesNotHold when Holm's step-down procedure (Holm 1979) at family-wise one-sided level 0.025 rejects "on the
    /// claimed side" for at least one component, using <see cref="Rule.FailsPValue"/> (for Within, the smaller p of
    /// being shown below lo or above hi). Otherwise Inconclusive. A component that is not decidable (N &lt; 3 or NaN)
    /// never holds and enters Holm with p = 1 (still counted in k), so for k = 1 this agrees with Decide.
    /// </summary>
    public static CompositeVerdict DecideAll(IReadOnlyList<Estimate> components, Rule rule)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(rule);
        int k = components.Count;
        if (k == 0)
            throw new ArgumentException("a composite claim needs at least one component", nameof(components));

        double[] fails = [.. components.Select(e => Decidable(e) ? rule.FailsPValue(e) : 1.0)];
        bool[] rejected = Holm.Reject(fails, OneSidedAlpha);
        int nRejected = rejected.Count(r => r);
        if (nRejected > 0)
        {
            int worst = Enumerable.Range(0, k).Where(i => rejected[i]).MinBy(i => fails[i]);
            return new CompositeVerdict(Verdict.DoesNotHold, worst, nRejected,
                $"{nRejected} of {k} components fail after Holm correction (family-wise 2.5% one-sided); "
                + $"most significant: component {worst}, {components[worst].Describe()}");
        }

        Verdict[] each = [.. components.Select(e => Decide(e, rule))];
        int weakest = Enumerable.Range(0, k)
            .MaxBy(i => Decidable(components[i]) ? Nan(rule.HoldsPValue(components[i])) : double.PositiveInfinity);
        if (each.All(v => v == Verdict.Holds))
            return new CompositeVerdict(Verdict.Holds, weakest, 0,
                $"all {k} components hold (intersection-union test); weakest: component {weakest}, {components[weakest].Describe()}");

        int holding = each.Count(v => v == Verdict.Holds);
        int few = components.Count(e => !Decidable(e));
        string fewNote = few > 0 ? $"; {few} with fewer than {MinimumReplicates} replicates, no value or no spread across replicates" : "";
        return new CompositeVerdict(Verdict.Inconclusive, weakest, 0,
            $"{holding} of {k} components hold, none fails after Holm correction{fewNote}; "
            + $"weakest: component {weakest}, {components[weakest].Describe()}");
    }

    /// <summary>
    /// A value, at least <see cref="MinimumReplicates"/> replicates, and an interval of positive width: replicates
    /// that all gave the same value (a deterministic computation repeated, or a discrete statistic that never moved)
    /// carry no information about its variability, so they cannot decide a claim.
    /// </summary>
    public static bool Decidable(Estimate e) => !double.IsNaN(e.Value) && e.N >= MinimumReplicates && !NoSpread(e);

    /// <summary>
    /// Replicates that all gave the same value, to rounding: an interval narrower than 1e-9 of the estimate
    /// (a deterministic computation whose seeds only rotate or relabel what it measures gives such intervals).
    /// </summary>
    public static bool NoSpread(Estimate e) =>
        e.N >= 2 && (e.High - e.Low <= SpreadTolerance * Math.Abs(e.Value) || e.Low == e.High);

    /// <summary>Relative width below which an interval counts as no spread.</summary>
    public const double SpreadTolerance = 1e-9;

    private static double Nan(double p) => double.IsNaN(p) ? double.PositiveInfinity : p;

    private static Verdict Side(bool holds, bool fails) =>
        holds ? Verdict.Holds : fails ? Verdict.DoesNotHold : Verdict.Inconclusive;
}

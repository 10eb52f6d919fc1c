namespace Tdlab.Lab.Claims;

/// <summary>
/// Which side of a threshold a claim predicts, as the claimed region [<see cref="Low"/>, <see cref="High"/>]:
/// <see cref="Above"/>(t) claims value &gt; t (region (t, +inf)), <see cref="Below"/>(t) claims value &lt; t
/// (region (-inf, t)), <see cref="Within"/>(lo, hi) claims lo &lt;= value &lt;= hi, an equivalence claim
/// tested as two one-sided tests (TOST; Schuirmann 1987). Immutable.
/// </summary>
public sealed record Rule
{
    private Rule(RuleKind kind, double low, double high)
    {
        Kind = kind;
        Low = low;
        High = high;
    }

    public RuleKind Kind { get; }

    /// <summary>Lower end of the claimed region: the threshold of an Above rule, -inf for Below.</summary>
    public double Low { get; }

    /// <summary>Upper end of the claimed region: the threshold of a Below rule, +inf for Above.</summary>
    public double High { get; }

    /// <summary>Claimed: value &gt; threshold.</summary>
    public static Rule Above(double threshold) =>
        new(RuleKind.Above, Finite(threshold, nameof(threshold)), double.PositiveInfinity);

    /// <summary>Claimed: value &lt; threshold.</summary>
    public static Rule Below(double threshold) =>
        new(RuleKind.Below, double.NegativeInfinity, Finite(threshold, nameof(threshold)));

    /// <summary>Claimed: low &lt;= value &lt;= high (equivalence, TOST-style).</summary>
    public static Rule Within(double low, double high)
    {
        Finite(low, nameof(low));
        Finite(high, nameof(high));
        if (low > high)
            throw new ArgumentException($"Within needs low <= high, got [{low}, {high}]", nameof(low));
        return new Rule(RuleKind.Within, low, high);
    }

    /// <summary>
    /// One-sided p-value of the test that would show the claim holds, H0: the true value is not in the claimed
    /// region. For Within it is the TOST p-value max(p(not above low), p(not below high)).
    /// </summary>
    public double HoldsPValue(Estimate e) => Kind switch
    {
        RuleKind.Above => e.PValueNotAbove(Low),
        RuleKind.Below => e.PValueNotBelow(High),
        _ => Math.Max(e.PValueNotAbove(Low), e.PValueNotBelow(High)),
    };

    /// <summary>
    /// One-sided p-value of the test that would show the claim fails, H0: the true value is on the claimed
    /// side. For Within it is min(p(not below low), p(not above high)): the value is shown outside below low
    /// or above high.
    /// </summary>
    public double FailsPValue(Estimate e) => Kind switch
    {
        RuleKind.Above => e.PValueNotBelow(Low),
        RuleKind.Below => e.PValueNotAbove(High),
        _ => Math.Min(e.PValueNotBelow(Low), e.PValueNotAbove(High)),
    };

    /// <summary>"&gt; 0", "&lt; 1", "in [0.5, 2]" (numbers in invariant G4).</summary>
    public string Describe() => Kind switch
    {
        RuleKind.Above => "> " + Claim.Format(Low),
        RuleKind.Below => "< " + Claim.Format(High),
        _ => $"in [{Claim.Format(Low)}, {Claim.Format(High)}]",
    };

    public override string ToString() => Describe();

    private static double Finite(double x, string name) =>
        double.IsFinite(x) ? x : throw new ArgumentOutOfRangeException(name, x, "a rule threshold must be finite");
}

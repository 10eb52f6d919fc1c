using System.Globalization;

namespace Tdlab.Lab.Claims;

/// <summary>
/// An expected result of a seed, decided from the store: the pre-registered <see cref="Spec"/> (statement, seed
/// sentence, statistic, replicate unit, rule), the evidence (estimate, 95% interval, n), and the three-valued
/// verdict. A claim that does not hold or is inconclusive is a result and is reported as such.
/// </summary>
public sealed record Claim(string Experiment, ClaimSpec Spec, Estimate? Evidence, Verdict Verdict, string Note, string Detail)
{
    public string Id => Spec.Id;

    public string Statement => Spec.Statement;

    /// <summary>The point estimate (NaN when not measured).</summary>
    public double Measured => Evidence?.Value ?? double.NaN;

    /// <summary>Replicates behind the estimate (0 when not measured).</summary>
    public int N => Evidence?.N ?? 0;

    /// <summary>The rule's threshold as text, e.g. "&gt; 0".</summary>
    public string Threshold => Spec.Rule.Describe();

    public bool Holds => Verdict == Verdict.Holds;

    /// <summary>The decision rule in words.</summary>
    public string RuleText =>
        $"holds if the 95% interval lies entirely {Spec.Rule.Describe()}; does not hold if it lies entirely outside; " +
        $"otherwise, or with n < {VerdictRule.MinimumReplicates}, inconclusive" + (Note.Length > 0 ? $" ({Note})" : "");

    /// <summary>"holds", "does not hold" or "inconclusive".</summary>
    public string VerdictText => Text(Verdict);

    public static string Text(Verdict v) => v switch
    {
        Verdict.Holds => "holds",
        Verdict.DoesNotHold => "does not hold",
        _ => "inconclusive",
    };

    /// <summary>
    /// This claim with its verdict withheld: inconclusive whatever the estimate, because a pre-registered precondition of
    /// the measurement failed (e.g. the nets it compares did not learn). The estimate and interval are kept for the report.
    /// </summary>
    public Claim Withheld(string why) =>
        this with { Verdict = Verdict.Inconclusive, Note = Note.Length > 0 ? $"withheld: {why}; {Note}" : $"withheld: {why}" };

    /// <summary>Invariant, 4 significant digits: the format used for numbers in claims and reports.</summary>
    public static string Format(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}

using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;

namespace Tdlab.Lab.Specs;

/// <summary>
/// What an experiment computes from the store at report time: claims (the seeds' expected results, each with its
/// verdict), sanity checks (never counted as claims; one failing makes the report invalid), figures and notes.
/// </summary>
public sealed record Analysis(IReadOnlyList<Claim> Claims, IReadOnlyList<Check> Checks, IReadOnlyList<ReportFigure> Figures, IReadOnlyList<string> Notes)
{
    /// <summary>Whether every sanity check passes.</summary>
    public bool Valid => Checks.All(c => c.Passes);

    public int Count(Verdict verdict) => Claims.Count(c => c.Verdict == verdict);

    /// <summary>"3 hold, 1 does not hold, 2 inconclusive; checks 4 of 4 pass".</summary>
    public string Summary =>
        $"{Count(Verdict.Holds)} hold, {Count(Verdict.DoesNotHold)} do{(Count(Verdict.DoesNotHold) == 1 ? "es" : "")} not hold, " +
        $"{Count(Verdict.Inconclusive)} inconclusive (of {Claims.Count} claims); " +
        (Checks.Count == 0 ? "no sanity checks" : $"checks {Checks.Count(c => c.Passes)} of {Checks.Count} pass") +
        (Valid ? "" : " — REPORT INVALID");
}

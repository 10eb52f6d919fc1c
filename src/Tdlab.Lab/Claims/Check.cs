using System.Globalization;

namespace Tdlab.Lab.Claims;

/// <summary>
/// A sanity check: an identity or implementation property the measurements must satisfy (power iteration equals
/// the SVD, an integrator matches its closed form, lower bound &lt;= upper bound). A failing check makes the report
/// invalid and the command exit 1; checks are never counted as claims.
/// </summary>
public sealed record Check(string Experiment, string Id, string Statement, double Measured, string Expected, bool Passes, string Detail = "")
{
    public string Verdict => Passes ? "passes" : "FAILS";

    /// <summary>A check that the analysis itself failed (an exception while computing claims, checks or figures).</summary>
    public static Check AnalysisFailed(string experiment, string part, Exception e) =>
        new(experiment, $"{part}-computed", $"the {part} could be computed from the store", double.NaN, "no exception", false,
            $"{e.GetType().Name}: {e.Message}");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Verdict}: {Id}: {Statement} (measured {Claim.Format(Measured)}, expected {Expected})");
}

using System.Globalization;

namespace Tdlab.Lab.Claims;

/// <summary>
/// An expected result of the seed, measured from the store: the statement, the measured quantity, the
/// threshold it is compared with (as text), whether it holds, and the numbers behind it. A claim that does
/// not hold is a result and is reported as such.
/// </summary>
public sealed record Claim(
    string Experiment,
    string Id,
    string Statement,
    double Measured,
    string Threshold,
    bool Holds,
    string Detail)
{
    /// <summary>Holds when measured >= min (a NaN measurement never holds).</summary>
    public static Claim AtLeast(string experiment, string id, string statement, double measured, double min, string detail = "") =>
        new(experiment, id, statement, measured, ">= " + Format(min), measured >= min, detail);

    /// <summary>Holds when measured &lt;= max (a NaN measurement never holds).</summary>
    public static Claim AtMost(string experiment, string id, string statement, double measured, double max, string detail = "") =>
        new(experiment, id, statement, measured, "<= " + Format(max), measured <= max, detail);

    /// <summary>Holds when lo &lt;= measured &lt;= hi.</summary>
    public static Claim Between(string experiment, string id, string statement, double measured, double lo, double hi, string detail = "") =>
        new(experiment, id, statement, measured, $"in [{Format(lo)}, {Format(hi)}]", measured >= lo && measured <= hi, detail);

    /// <summary>Invariant, 4 significant digits: the format used for numbers in claims and reports.</summary>
    public static string Format(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}

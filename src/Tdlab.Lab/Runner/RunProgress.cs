using System.Globalization;

namespace Tdlab.Lab.Runner;

/// <summary>
/// How far a run (or an ensemble group, whose members train together and report as one) has got:
/// <paramref name="Done"/> of <paramref name="Total"/> <paramref name="Unit"/>s (e.g. "step", "epoch"), how long
/// it has run, and the estimated time left (null until two reports give a rate). <paramref name="RunIds"/> are the
/// pending runs the unit computes, the first naming it on the terminal.
/// </summary>
public sealed record RunProgress(
    string Experiment,
    IReadOnlyList<string> RunIds,
    int Done,
    int Total,
    string Unit,
    TimeSpan Elapsed,
    TimeSpan? Eta)
{
    /// <summary>"3fa2c1d0…" for a run, "3fa2c1d0… +8" for an ensemble of nine: short enough for a progress bar.</summary>
    public string Label =>
        (RunIds.Count == 0 ? "" : RunIds[0].Length > 8 ? RunIds[0][..8] + "…" : RunIds[0]) +
        (RunIds.Count > 1 ? $" +{RunIds.Count - 1}" : "");

    /// <summary>"step 400/1000, eta 35 s" (without the eta while it is unknown).</summary>
    public string Text =>
        string.Create(CultureInfo.InvariantCulture, $"{Unit} {Done}/{Total}") + (Eta is { } eta ? $", eta {Duration(eta)}" : "");

    /// <summary>"35 s", "12 min", "3.4 h": the precision an ETA deserves.</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, t.TotalSeconds):F0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:F0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:F1} h"),
    };
}

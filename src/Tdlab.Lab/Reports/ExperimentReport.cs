using System.Globalization;
using System.Text.Json;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Reports;

/// <summary>
/// Everything a report shows about one experiment, computed from the store: its latest sweep, the runs of
/// that sweep's plan found in the store, and the analysis (claims, figures). Renderers only format this.
/// </summary>
public sealed record ExperimentReport(
    string Name,
    string Title,
    string SeedReference,
    StoredSweep Sweep,
    ExperimentPlan Plan,
    MetricSet Metrics,
    IReadOnlyList<Deviation> Deviations,
    IReadOnlyList<RunRecord> Runs,
    Analysis Analysis)
{
    public IReadOnlyList<Claim> Claims => Analysis.Claims;

    public IReadOnlyList<Check> Checks => Analysis.Checks;

    /// <summary>"3 hold, 1 does not hold, 2 inconclusive (of 6 claims); checks 4 of 4 pass".</summary>
    public string ClaimsSummary => Analysis.Summary;

    public int Missing => Plan.Runs.Count - Runs.Count;

    /// <summary>Every planned run is stored as complete or diverged: the sweep's report may replace an earlier one.</summary>
    public bool IsComplete => Missing == 0 && Runs.All(r => r.Status is RunStatus.Complete or RunStatus.Diverged);

    /// <summary>"25 complete, 2 diverged, 0 failed, 0 running, 0 not run".</summary>
    public string StatusLine =>
        string.Join(", ", Enum.GetValues<RunStatus>().Select(s => $"{Runs.Count(r => r.Status == s)} {RunStore.StatusText(s)}"))
        + $", {Missing} not run";

    /// <summary>Total and mean run time, and the wall-clock span from first start to last end.</summary>
    public string TimingLine
    {
        get
        {
            double[] secs = Runs.Where(r => r.Seconds is not null).Select(r => r.Seconds!.Value).ToArray();
            if (secs.Length == 0)
                return "no finished runs";
            double span = (Runs.Max(r => r.EndedAt ?? r.StartedAt) - Runs.Min(r => r.StartedAt)).TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"{secs.Sum():F1} s of run time over {secs.Length} runs (mean {secs.Average():F2} s, max {secs.Max():F2} s); wall clock {span:F1} s");
        }
    }

    /// <summary>What was run, as (label, value) lines.</summary>
    public IEnumerable<(string Label, string Value)> Facts()
    {
        int points = Plan.Runs.Select(r => r.ConfigJson).Distinct().Count();
        yield return ("Preset", Sweep.Preset + (Sweep.Overrides.Count > 0 ? " with --set " + string.Join(" ", Sweep.Overrides) : ""));
        yield return ("Runs", $"{Plan.Runs.Count} = {points} grid points x {Plan.Seeds} seeds");
        yield return ("Status", StatusLine);
        yield return ("Timing", TimingLine);
        yield return ("Last sweep", $"{Sweep.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {Sweep.Threads} threads, tdlab {Sweep.Version}");
        if (Runs.FirstOrDefault() is { } r)
            yield return ("Machine", r.Machine);
    }

    /// <summary>The resolved sweep config as (key, canonical JSON value) rows, plus the seed count.</summary>
    public IEnumerable<(string Key, string Value)> ConfigRows()
    {
        using JsonDocument doc = JsonDocument.Parse(Plan.ConfigJson);
        var rows = doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
        rows.Add(("seeds", Plan.Seeds.ToString(CultureInfo.InvariantCulture)));
        return rows;
    }

    /// <summary>Runs that did not complete, for the report's table of problems.</summary>
    public IEnumerable<RunRecord> Problems => Runs.Where(r => r.Status != RunStatus.Complete);
}

using System.Globalization;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;

namespace Tdlab.Serve.Api;

/// <summary>Turns a <see cref="StoreSnapshot"/> into the JSON the page reads. Numbers that are not finite become null.</summary>
internal static class DashboardJson
{
    public static OverviewJson Overview(StoreSnapshot s)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        List<StoredProgress> live = s.Progress.Where(p => !SweepEta.IsStale(p, now)).ToList();
        return new OverviewJson(StateName(s.State), s.Message, s.StorePath, s.TakenAt,
            s.Reports.Select(r => Summary(r, live.Where(p => p.Experiment == r.Name).ToList(), Analysed(s, r))).ToList(),
            s.Unregistered,
            s.Progress.Select(p => new ProgressJson(p.RunId, p.Experiment, p.Done, p.Total, p.Unit, Finite(p.EtaSeconds),
                Math.Max(0, (now - p.UpdatedAt).TotalSeconds), SweepEta.IsStale(p, now))).ToList());
    }

    private static ExperimentSummaryJson Summary(ExperimentReport r, IReadOnlyList<StoredProgress> live, int analysed) => new(
        r.Name, r.Title, r.ClaimsSummary,
        r.Analysis.Count(Verdict.Holds), r.Analysis.Count(Verdict.DoesNotHold), r.Analysis.Count(Verdict.Inconclusive),
        r.Checks.Count(c => c.Passes), r.Checks.Count,
        r.Plan.Runs.Count, Count(r, RunStatus.Complete), Count(r, RunStatus.Diverged), Count(r, RunStatus.Failed),
        r.Missing, live.Count, Finite(SweepEta.Estimate(r, live, DateTimeOffset.UtcNow)), r.Sweep.Preset, r.Sweep.StartedAt, r.Runs.Count, analysed);

    private static int Analysed(StoreSnapshot s, ExperimentReport r) => s.AnalysedRuns.GetValueOrDefault(r.Name, r.Runs.Count);

    public static ExperimentJson Experiment(StoreSnapshot s, ExperimentReport r)
    {
        IReadOnlyDictionary<string, string> labels = ConfigLabels.Of(r.Plan.Runs.Select(p => p.ConfigJson));
        Dictionary<string, RunRecord> stored = r.Runs.ToDictionary(x => x.Id);
        // Every planned run, stored or not, in plan order: a run not yet stored shows as "not run".
        List<RunJson> runs = r.Plan.Runs.Select(p => stored.TryGetValue(p.Id, out RunRecord? x)
            ? new RunJson(x.Id, labels[p.ConfigJson], x.Replicate, x.Seed.ToString(CultureInfo.InvariantCulture),
                x.Status.ToString().ToLowerInvariant(), Finite(x.Seconds), x.DivergedStep, x.Message ?? "")
            : new RunJson(p.Id, labels[p.ConfigJson], p.Replicate, p.Seed.ToString(CultureInfo.InvariantCulture),
                "not run", null, null, "")).ToList();
        return new ExperimentJson(r.Name, r.Title, r.SeedReference, r.ClaimsSummary,
            r.Facts().Select(f => new[] { f.Label, f.Value }).ToList(),
            r.Claims.Select(Claim).ToList(),
            r.Checks.Select(c => new CheckJson(c.Id, c.Statement, Finite(c.Measured), c.Expected, c.Passes, c.Detail)).ToList(),
            r.Analysis.Figures.Select((f, i) => new FigureJson(i, f.Caption, f.FileName)).ToList(),
            r.Analysis.Notes,
            r.Deviations.Select(d => $"{d.Heading} {d.Reason}").ToList(),
            runs,
            r.Metrics.Scalars.Select(m => new MetricJson(m.Name, m.Unit, m.Meaning))
                .Concat(r.Metrics.Indexed.Select(m => new MetricJson(m.Prefix + "{" + m.Index + "}", m.Unit, m.Meaning)))
                .ToList(),
            r.Runs.Count, Analysed(s, r));
    }

    private static ClaimJson Claim(Claim c) => new(
        c.Id, c.Statement, c.Spec.Seed.ToString(), c.Spec.Statistic, c.Spec.ReplicateUnit,
        Finite(c.Measured), Finite(c.Evidence?.Low), Finite(c.Evidence?.High), c.N, c.RuleText, c.Threshold,
        Finite(c.Spec.Rule.Low), Finite(c.Spec.Rule.High), c.VerdictText, c.Note, c.Detail);

    private static int Count(ExperimentReport r, RunStatus s) => r.Runs.Count(x => x.Status == s);

    public static string StateName(StoreState s) => s.ToString().ToLowerInvariant();

    public static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    /// <summary>Non-finite entries become null, so the page sees gaps (JSON has no NaN).</summary>
    public static double?[] Finite(double[] xs) => xs.Select(x => Finite(x)).ToArray();
}

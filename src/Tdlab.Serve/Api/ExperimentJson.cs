namespace Tdlab.Serve.Api;

/// <summary>GET /api/experiments/{name}: claims with thresholds, checks, figures, runs and the metrics to plot.</summary>
internal sealed record ExperimentJson(
    string Name,
    string Title,
    string SeedReference,
    string Summary,
    IReadOnlyList<string[]> Facts,
    IReadOnlyList<ClaimJson> Claims,
    IReadOnlyList<CheckJson> Checks,
    IReadOnlyList<FigureJson> Figures,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> Deviations,
    IReadOnlyList<RunJson> Runs,
    IReadOnlyList<MetricJson> Metrics,
    int Stored,
    int AnalysedRuns);

/// <summary>
/// A claim with its evidence (estimate and 95% interval, null when not measured or not finite) and the claimed
/// region [<c>RegionLow</c>, <c>RegionHigh</c>] (null for an open end), drawn as the threshold overlay.
/// </summary>
internal sealed record ClaimJson(
    string Id,
    string Statement,
    string Seed,
    string Statistic,
    string ReplicateUnit,
    double? Estimate,
    double? Low,
    double? High,
    int N,
    string Rule,
    string Threshold,
    double? RegionLow,
    double? RegionHigh,
    string Verdict,
    string Note,
    string Detail);

internal sealed record CheckJson(string Id, string Statement, double? Measured, string Expected, bool Passes, string Detail);

internal sealed record FigureJson(int Index, string Caption, string FileName);

/// <summary>A stored run (or, with status "not run", a planned one); <c>Group</c> labels its configuration.</summary>
internal sealed record RunJson(
    string Id,
    string Group,
    int Replicate,
    string Seed,
    string Status,
    double? Seconds,
    int? DivergedStep,
    string Message);

internal sealed record MetricJson(string Name, string Unit, string Meaning);

namespace Tdlab.Serve.Api;

/// <summary>GET /api/overview: the store's state and one line per experiment, polled by the page.</summary>
internal sealed record OverviewJson(
    string State,
    string Message,
    string Store,
    DateTimeOffset TakenAt,
    IReadOnlyList<ExperimentSummaryJson> Experiments,
    IReadOnlyList<string> Unregistered,
    IReadOnlyList<ProgressJson> Progress);

/// <summary>
/// One experiment's verdict counts, run counts and, while its sweep runs, an ETA. The verdicts are those of an
/// analysis of <c>AnalysedRuns</c> of the <c>Stored</c> runs (fewer while a newer analysis is being computed).
/// </summary>
internal sealed record ExperimentSummaryJson(
    string Name,
    string Title,
    string Summary,
    int Holds,
    int DoesNotHold,
    int Inconclusive,
    int ChecksPassed,
    int Checks,
    int Planned,
    int Complete,
    int Diverged,
    int Failed,
    int NotRun,
    int InFlight,
    double? EtaSeconds,
    string Preset,
    DateTimeOffset SweepStartedAt,
    int Stored,
    int AnalysedRuns);

/// <summary>A run being computed: <c>done</c> of <c>total</c> units, its own ETA, and seconds since it last reported.</summary>
internal sealed record ProgressJson(
    string RunId,
    string Experiment,
    int Done,
    int Total,
    string Unit,
    double? EtaSeconds,
    double SecondsSinceUpdate,
    bool Stale);

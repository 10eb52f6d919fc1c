namespace Tdlab.Lab.Store;

/// <summary>A row of the sweeps table: one <c>tdlab run</c> of one experiment.</summary>
public sealed record StoredSweep(
    long Id,
    string Experiment,
    string Preset,
    IReadOnlyList<string> Overrides,
    string ConfigJson,
    int Seeds,
    int Runs,
    int Threads,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Version);

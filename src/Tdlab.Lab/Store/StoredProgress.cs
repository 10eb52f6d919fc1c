namespace Tdlab.Lab.Store;

/// <summary>
/// A row of the progress table: how far a run being computed has got (<paramref name="Done"/> of
/// <paramref name="Total"/> <paramref name="Unit"/>s, e.g. steps), when it started reporting, when it last
/// reported, and the estimated seconds left (null until a rate is known). The row exists while the run is
/// computed; it is dropped with the run's result, so a row left behind belongs to a process that was killed
/// (its lease in the leases table has then expired or its owner is gone).
/// </summary>
public sealed record StoredProgress(
    string RunId,
    string Experiment,
    int Done,
    int Total,
    string Unit,
    double? EtaSeconds,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt);

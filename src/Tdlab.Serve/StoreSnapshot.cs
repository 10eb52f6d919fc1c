using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;

namespace Tdlab.Serve;

/// <summary>
/// What the store held at one moment, as the dashboard shows it: whether it could be read (and if not, why, in
/// one line), the report of each registered experiment with a sweep, the experiments stored but not registered,
/// and the progress rows of runs being computed.
/// </summary>
public sealed record StoreSnapshot(
    StoreState State,
    string Message,
    string StorePath,
    IReadOnlyList<ExperimentReport> Reports,
    IReadOnlyList<string> Unregistered,
    IReadOnlyList<StoredProgress> Progress,
    DateTimeOffset TakenAt)
{
    /// <summary>A snapshot of a store that could not be read: no experiments, the reason in <see cref="Message"/>.</summary>
    public static StoreSnapshot Unreadable(StoreState state, string message, string path) =>
        new(state, message, path, [], [], [], DateTimeOffset.UtcNow);

    /// <summary>Per experiment, how many of its stored runs its analysis (claims, figures) covers: fewer while a sweep runs.</summary>
    public IReadOnlyDictionary<string, int> AnalysedRuns { get; init; } = new Dictionary<string, int>();
}

using Tdlab.Lab.Store;

namespace Tdlab.Lab.Claims;

/// <summary>Untyped analysis helpers over stored runs: group by config keys, aggregate over seeds.</summary>
public static class RunGroups
{
    /// <summary>
    /// Groups runs by the values of config <paramref name="keys"/> (kebab-case); the group key is text like
    /// <c>sigma=0.1, depth=6</c>. Replicates of one grid point fall in one group.
    /// </summary>
    public static IEnumerable<IGrouping<string, RunRecord>> ByKeys(IEnumerable<RunRecord> runs, params string[] keys) =>
        runs.GroupBy(r => string.Join(", ", keys.Select(k => $"{k}={r.ConfigText(k)}")));

    /// <summary>Mean ± std over a group of a stored value per run, e.g. <c>id => store.Final(id, "loss")</c>.</summary>
    public static MeanStd Aggregate(IEnumerable<RunRecord> group, Func<string, double> value) =>
        MeanStd.Of(group.Select(r => value(r.Id)));
}

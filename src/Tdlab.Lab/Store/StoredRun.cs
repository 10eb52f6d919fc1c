namespace Tdlab.Lab.Store;

/// <summary>
/// A run with everything the store holds of it: its row, its metric series (by name, each in step order) and its
/// array rows. What <c>tdlab merge</c> reads from a shard's store and writes into the merged one.
/// </summary>
public sealed record StoredRun(
    RunRecord Record,
    IReadOnlyDictionary<string, (int Step, double Value)[]> Metrics,
    IReadOnlyList<ArrayRow> Arrays)
{
    /// <summary>
    /// Where this run's results differ from <paramref name="other"/>'s (null when they agree): experiment, config,
    /// seed, replicate, status, divergence step and message, every metric value (NaN equals NaN) and the array rows.
    /// Provenance (start and end times, machine, threads, version) is not a result: the same run computed on two
    /// machines gives the same numbers, so it may differ.
    /// </summary>
    public string? DifferenceFrom(StoredRun other)
    {
        RunRecord a = Record, b = other.Record;
        if (a.Experiment != b.Experiment || a.ConfigJson != b.ConfigJson || a.Seed != b.Seed || a.Replicate != b.Replicate)
            return "config, seed or replicate";
        if (a.Status != b.Status || a.DivergedStep != b.DivergedStep || a.Message != b.Message)
            return $"status ({RunStore.StatusText(a.Status)} vs {RunStore.StatusText(b.Status)})";
        foreach (string name in Metrics.Keys.Union(other.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            // ValueTuple equality compares doubles with double.Equals, under which NaN equals NaN.
            if (!Metrics.TryGetValue(name, out var x) || !other.Metrics.TryGetValue(name, out var y) || !x.SequenceEqual(y))
                return $"metric '{name}'";
        }

        return Arrays.SequenceEqual(other.Arrays) ? null : "array rows";
    }

    /// <summary>The metric rows, by name and then step, as the runner logged them.</summary>
    public IEnumerable<MetricRow> MetricRows() =>
        Metrics.SelectMany(m => m.Value.Select(p => new MetricRow(p.Step, m.Key, p.Value)));
}

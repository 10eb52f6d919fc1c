using System.Reflection;

namespace Tdlab.Lab.Metrics;

/// <summary>
/// The metrics one family declares. Logging or reading a metric outside the set throws
/// <see cref="UndeclaredMetricException"/>: a family's tests run it and analyse it, so a wrong name fails a test
/// instead of reading NaN.
/// </summary>
public sealed class MetricSet
{
    private readonly Dictionary<string, Metric> _scalars;

    public MetricSet(string owner, IEnumerable<Metric> scalars, IEnumerable<IndexedMetric> indexed)
    {
        Owner = owner;
        _scalars = scalars.ToDictionary(m => m.Name);
        Indexed = indexed.ToList();
    }

    /// <summary>Who declared the set (for messages), e.g. "init-variance".</summary>
    public string Owner { get; }

    public IEnumerable<Metric> Scalars => _scalars.Values;

    public IReadOnlyList<IndexedMetric> Indexed { get; }

    /// <summary>An empty set: every log or read is refused.</summary>
    public static MetricSet None(string owner) => new(owner, [], []);

    /// <summary>The set of every <see cref="Metric"/> and <see cref="IndexedMetric"/> static field of <paramref name="declarations"/>.</summary>
    public static MetricSet Of(string owner, Type declarations)
    {
        var fields = declarations.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        return new MetricSet(owner,
            fields.Where(f => f.FieldType == typeof(Metric)).Select(f => (Metric)f.GetValue(null)!),
            fields.Where(f => f.FieldType == typeof(IndexedMetric)).Select(f => (IndexedMetric)f.GetValue(null)!));
    }

    /// <summary>Whether <paramref name="metric"/> belongs to the set (a declared metric or a member of a declared indexed one).</summary>
    public bool Declares(Metric metric) =>
        metric.Family is { } family ? Indexed.Contains(family) : _scalars.TryGetValue(metric.Name, out var m) && ReferenceEquals(m, metric);

    /// <summary>Whether a stored metric name is declared.</summary>
    public bool Declares(string name) => _scalars.ContainsKey(name) || Indexed.Any(i => i.Contains(name));

    /// <summary>Throws <see cref="UndeclaredMetricException"/> unless <paramref name="metric"/> is declared.</summary>
    public Metric Require(Metric metric) =>
        Declares(metric) ? metric : throw new UndeclaredMetricException(metric.Name, Owner);
}

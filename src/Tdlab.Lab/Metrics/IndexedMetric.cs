using System.Globalization;

namespace Tdlab.Lab.Metrics;

/// <summary>
/// A declared family of metrics indexed by an integer (a layer l, a mode a, a probe step): member i is named
/// <see cref="Prefix"/> + i, e.g. "act_m2_l" + 3 = "act_m2_l3".
/// </summary>
public sealed class IndexedMetric(string prefix, string index, string unit, string meaning)
{
    public string Prefix { get; } = prefix;

    /// <summary>What the index counts, e.g. "hidden layer l = 1..L".</summary>
    public string Index { get; } = index;

    public string Unit { get; } = unit;

    public string Meaning { get; } = meaning;

    /// <summary>The member at <paramref name="i"/>.</summary>
    public Metric At(int i) => Metric.Member(this, i);

    /// <summary>Whether <paramref name="name"/> is a member: the prefix followed by a non-negative integer.</summary>
    public bool Contains(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && name.Length > Prefix.Length
        && int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    public override string ToString() => $"{Prefix}{{{Index}}}";
}

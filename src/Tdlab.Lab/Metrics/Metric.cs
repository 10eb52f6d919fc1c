namespace Tdlab.Lab.Metrics;

/// <summary>
/// A metric a family logs per step, declared once (name, unit, what one value means) and used by the run that
/// logs it and by the claims and figures that read it, so a misspelt name is a compile error and a metric of
/// another family is refused. A <see cref="IsLoss"/> metric marks its run diverged when a logged value is not
/// finite. Declare metrics as static readonly fields of one static class per family and collect them with
/// <see cref="MetricSet.Of"/>; per-index metrics (per layer, per mode) are an <see cref="IndexedMetric"/>.
/// </summary>
public sealed class Metric
{
    private Metric(string name, string unit, string meaning, bool isLoss, IndexedMetric? family)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a metric needs a name", nameof(name));
        Name = name;
        Unit = unit;
        Meaning = meaning;
        IsLoss = isLoss;
        Family = family;
    }

    /// <summary>The name in the store (snake_case, e.g. "test_accuracy").</summary>
    public string Name { get; }

    /// <summary>Unit of a value, e.g. "nats", "fraction", "steps", "1" for a pure number.</summary>
    public string Unit { get; }

    /// <summary>What one logged value is, and at which steps it is logged.</summary>
    public string Meaning { get; }

    /// <summary>A loss: a logged value that is not finite marks the run diverged at that step.</summary>
    public bool IsLoss { get; }

    /// <summary>The indexed declaration this metric is one member of, or null.</summary>
    public IndexedMetric? Family { get; }

    /// <summary>A metric.</summary>
    public static Metric Of(string name, string unit, string meaning) => new(name, unit, meaning, false, null);

    /// <summary>A loss metric (not finite: the run diverged).</summary>
    public static Metric Loss(string name, string unit, string meaning) => new(name, unit, meaning, true, null);

    internal static Metric Member(IndexedMetric family, int index) =>
        new(family.Prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture), family.Unit, family.Meaning, false, family);

    public override string ToString() => Name;
}

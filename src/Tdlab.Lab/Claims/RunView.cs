using Tdlab.Lab.Metrics;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Claims;

/// <summary>
/// One stored run for analysis: its typed config, its store record and its metric series, read through the
/// family's declared metrics (reading an undeclared one throws <see cref="UndeclaredMetricException"/>).
/// </summary>
public sealed class RunView<TRun>(RunRecord record, TRun config, IReadOnlyDictionary<string, (int Step, double Value)[]> metrics, MetricSet declared)
{
    public RunRecord Record { get; } = record;

    public TRun Config { get; } = config;

    public string Id => Record.Id;

    public int Replicate => Record.Replicate;

    public RunStatus Status => Record.Status;

    public bool Diverged => Record.Status == RunStatus.Diverged;

    /// <summary>Complete or diverged: a run whose metrics are final.</summary>
    public bool Done => Record.Status is RunStatus.Complete or RunStatus.Diverged;

    /// <summary>Whether the run logged <paramref name="metric"/> at least once.</summary>
    public bool Has(Metric metric) => Series(metric).Length > 0;

    /// <summary>The series of a metric by step; empty when never logged.</summary>
    public (int Step, double Value)[] Series(Metric metric) =>
        metrics.TryGetValue(declared.Require(metric).Name, out var s) ? s : [];

    /// <summary>Last logged value (NaN if none).</summary>
    public double Final(Metric metric) => Series(metric) is { Length: > 0 } s ? s[^1].Value : double.NaN;

    /// <summary>First logged value (NaN if none).</summary>
    public double Initial(Metric metric) => Series(metric) is { Length: > 0 } s ? s[0].Value : double.NaN;

    /// <summary>Value at <paramref name="step"/> (NaN if not logged there).</summary>
    public double At(Metric metric, int step) =>
        Series(metric).Where(p => p.Step == step).Select(p => p.Value).DefaultIfEmpty(double.NaN).Last();
}

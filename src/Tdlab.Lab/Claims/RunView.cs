using Tdlab.Lab.Store;

namespace Tdlab.Lab.Claims;

/// <summary>One stored run for analysis: its typed config, its store record and its metric series.</summary>
public sealed class RunView<TRun>(RunRecord record, TRun config, IReadOnlyDictionary<string, (int Step, double Value)[]> metrics)
{
    public RunRecord Record { get; } = record;

    public TRun Config { get; } = config;

    public string Id => Record.Id;

    public int Replicate => Record.Replicate;

    public RunStatus Status => Record.Status;

    public bool Diverged => Record.Status == RunStatus.Diverged;

    /// <summary>Complete or diverged: a run whose metrics are final.</summary>
    public bool Done => Record.Status is RunStatus.Complete or RunStatus.Diverged;

    public IEnumerable<string> MetricNames => metrics.Keys;

    /// <summary>The series of a metric by step; empty when never logged.</summary>
    public (int Step, double Value)[] Series(string name) => metrics.TryGetValue(name, out var s) ? s : [];

    /// <summary>Last logged value (NaN if none).</summary>
    public double Final(string name) => Series(name) is { Length: > 0 } s ? s[^1].Value : double.NaN;

    /// <summary>First logged value (NaN if none).</summary>
    public double Initial(string name) => Series(name) is { Length: > 0 } s ? s[0].Value : double.NaN;

    /// <summary>Value at <paramref name="step"/> (NaN if not logged there).</summary>
    public double At(string name, int step) =>
        Series(name).Where(p => p.Step == step).Select(p => p.Value).DefaultIfEmpty(double.NaN).Last();
}

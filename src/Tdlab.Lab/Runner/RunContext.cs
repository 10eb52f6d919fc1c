using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Tensors.Io;
using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Runner;

/// <summary>
/// What a run sees: its config, its random generator (seeded from config and replicate only), a
/// cancellation token, and the logging calls. Metrics are buffered in memory and reach the store in one
/// transaction when the run ends. Logging a non-finite value of a loss metric (name "loss" or ending in
/// "loss") marks the run diverged at that step and ends it.
/// </summary>
public class RunContext
{
    private readonly List<MetricRow> _metrics = [];
    private readonly List<ArrayRow> _arrays = [];
    private readonly string _outDir;

    public RunContext(RunSpec spec, string outDir, CancellationToken cancellation)
    {
        Spec = spec;
        _outDir = outDir;
        Cancellation = cancellation;
        Rng = new Rng(spec.Seed);
    }

    public RunSpec Spec { get; }

    public string RunId => Spec.Id;

    public int Replicate => Spec.Replicate;

    /// <summary>The run's seed; derive named sub-streams with <c>Rng.Child("data")</c>.</summary>
    public Rng Rng { get; }

    /// <summary>Set on Ctrl-C; long runs should call <see cref="ThrowIfCancelled"/> now and then.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The step at which the run diverged, if it did.</summary>
    public int? DivergedStep { get; private set; }

    public string? DivergedReason { get; private set; }

    internal IReadOnlyList<MetricRow> Metrics => _metrics;

    internal IReadOnlyList<ArrayRow> Arrays => _arrays;

    public void ThrowIfCancelled() => Cancellation.ThrowIfCancellationRequested();

    /// <summary>Records metric <paramref name="name"/> = <paramref name="value"/> at <paramref name="step"/>.</summary>
    public void Log(int step, string name, double value)
    {
        _metrics.Add(new MetricRow(step, name, value));
        if (!double.IsFinite(value) && IsLoss(name))
            Diverge(step, $"{name} = {value} at step {step}");
    }

    /// <summary>
    /// Marks the run diverged at <paramref name="step"/> and, when <see cref="EndsOnDivergence"/>, ends it by
    /// throwing <see cref="RunDivergedException"/>. An ensemble member's context only records it: the member's
    /// trainer checks <see cref="Diverged"/> and stops logging for that member while the others go on.
    /// </summary>
    public void Diverge(int step, string reason)
    {
        DivergedStep ??= step;
        DivergedReason ??= reason;
        if (EndsOnDivergence)
            throw new RunDivergedException(step, reason);
    }

    /// <summary>Whether a divergence has been recorded.</summary>
    public bool Diverged => DivergedStep is not null;

    /// <summary>False for a member of an ensemble: divergence is recorded, not thrown (see <see cref="Diverge"/>).</summary>
    public bool EndsOnDivergence { get; internal set; } = true;

    /// <summary>Writes <c>arrays/&lt;experiment&gt;/&lt;run id&gt;/&lt;name&gt;-&lt;step&gt;.npy</c> and records it.</summary>
    public void LogArray(string name, int step, ReadOnlySpan<double> data, params ReadOnlySpan<int> shape) =>
        Npy.Write(ArrayPath(name, step), data, shape);

    /// <inheritdoc cref="LogArray(string, int, ReadOnlySpan{double}, ReadOnlySpan{int})"/>
    public void LogArray(string name, int step, ReadOnlySpan<float> data, params ReadOnlySpan<int> shape) =>
        Npy.Write(ArrayPath(name, step), data, shape);

    private string ArrayPath(string name, int step)
    {
        string relative = Path.Combine("arrays", Spec.Experiment, Spec.Id, $"{FileNames.Safe(name)}-{step}.npy");
        string full = Path.Combine(_outDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _arrays.Add(new ArrayRow(name, step, relative.Replace('\\', '/')));
        return full;
    }

    private static bool IsLoss(string name) => name.EndsWith("loss", StringComparison.OrdinalIgnoreCase);
}

using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Tensors.Io;
using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Runner;

/// <summary>
/// What a run sees: its config, its random streams (<see cref="Rng"/>, seeded from config and replicate only, and
/// <see cref="Shared"/>, seeded from the replicate only), a cancellation token, and the logging calls. Metrics
/// are the family's declared ones (<see cref="MetricSet"/>); they are buffered in memory and reach the store in
/// one transaction when the run ends. Logging a non-finite value of a loss metric marks the run diverged at
/// that step and ends it.
/// </summary>
public class RunContext
{
    private readonly List<MetricRow> _metrics = [];
    private readonly List<ArrayRow> _arrays = [];
    private readonly string _outDir;

    public RunContext(RunSpec spec, MetricSet metrics, string outDir, CancellationToken cancellation)
    {
        Spec = spec;
        Metrics = metrics;
        _outDir = outDir;
        Cancellation = cancellation;
        Rng = new Rng(spec.Seed);
    }

    public RunSpec Spec { get; }

    public string RunId => Spec.Id;

    public int Replicate => Spec.Replicate;

    /// <summary>The metrics this run may log: its family's declarations.</summary>
    public MetricSet Metrics { get; }

    /// <summary>The run's own stream (seeded from its config and replicate); derive named sub-streams with <c>Rng.Child("data")</c>.</summary>
    public Rng Rng { get; }

    /// <summary>
    /// A stream shared by every run of this replicate that names the same <paramref name="path"/>: seed
    /// Derive(Hash("experiment/path"), replicate), stream <paramref name="stream"/>. Runs that differ only in what the
    /// grid varies then see the same data, initial draws and minibatch order: a paired design, where differences
    /// between settings are measured within a replicate. Put in the path whatever must make the draws differ
    /// (e.g. "model/gru", "weights/64" for a width).
    /// </summary>
    public Rng Shared(string path, string stream) => SharedStream(Spec.Experiment, path, Spec.Replicate, stream);

    /// <summary>The stream <see cref="Shared"/> gives a run of <paramref name="replicate"/> (for figures that regenerate a run's data).</summary>
    public static Rng SharedStream(string experiment, string path, int replicate, string stream) =>
        new(Seeds.Derive(Seeds.Hash(experiment + "/" + path), replicate), stream);

    /// <summary>Set on Ctrl-C; long runs should call <see cref="ThrowIfCancelled"/> now and then.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The step at which the run diverged, if it did.</summary>
    public int? DivergedStep { get; private set; }

    public string? DivergedReason { get; private set; }

    internal IReadOnlyList<MetricRow> Rows => _metrics;

    internal IReadOnlyList<ArrayRow> Arrays => _arrays;

    public void ThrowIfCancelled() => Cancellation.ThrowIfCancellationRequested();

    /// <summary>Where <see cref="Progress"/> goes; set by the sweep runner, shared by an ensemble's members. Null: nowhere.</summary>
    internal ProgressReporter? Reporter { get; set; }

    /// <summary>
    /// Says how far the run has got: <paramref name="done"/> of <paramref name="total"/> <paramref name="unit"/>s
    /// ("step", "epoch"). Call it as often as convenient (every step is fine: it is throttled, and costs a clock
    /// read between reports); the terminal and the store's progress table show it with an ETA. The members of an
    /// ensemble share one report: call it on the first member. Progress is not a metric: it changes nothing that is stored as a result.
    /// <see cref="Training.TrainingLoop{T}"/> calls it for each step when given this context.
    /// </summary>
    public void Progress(int done, int total, string unit) => Reporter?.Report(done, total, unit);

    /// <summary>Records <paramref name="metric"/> = <paramref name="value"/> at <paramref name="step"/>; the metric must be declared.</summary>
    public void Log(int step, Metric metric, double value)
    {
        Metrics.Require(metric);
        _metrics.Add(new MetricRow(step, metric.Name, value));
        if (!double.IsFinite(value) && metric.IsLoss)
            Diverge(step, $"{metric.Name} = {value} at step {step}");
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

    /// <summary>
    /// A file for this run's mid-run checkpoint, <c>&lt;out&gt;/checkpoints/&lt;experiment&gt;/&lt;run id&gt;/&lt;name&gt;</c>
    /// (its folder created): beside the store, not in it, so a long run that is stopped can resume from its last
    /// checkpoint. The store never reads it; the family deletes it when the run ends.
    /// </summary>
    public string CheckpointPath(string name)
    {
        string full = Path.Combine(_outDir, "checkpoints", Spec.Experiment, Spec.Id, FileNames.Safe(name));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    private string ArrayPath(string name, int step)
    {
        string relative = Path.Combine("arrays", Spec.Experiment, Spec.Id, $"{FileNames.Safe(name)}-{step}.npy");
        string full = Path.Combine(_outDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _arrays.Add(new ArrayRow(name, step, relative.Replace('\\', '/')));
        return full;
    }
}

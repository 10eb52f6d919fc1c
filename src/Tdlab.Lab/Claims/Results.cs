using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Claims;

/// <summary>
/// The stored runs of one sweep plan, typed, for claims and figures. Runs of the plan not (yet) in the store
/// are counted in <see cref="Missing"/>. Claim helpers fill in the experiment name.
/// </summary>
public sealed class Results<TRun> where TRun : class
{
    private readonly RunStore _store;

    private Results(RunStore store, string experiment, ExperimentPlan plan, IReadOnlyList<RunView<TRun>> runs, string outDir)
    {
        _store = store;
        Experiment = experiment;
        Plan = plan;
        Runs = runs;
        OutDir = outDir;
    }

    public string Experiment { get; }

    public ExperimentPlan Plan { get; }

    /// <summary>Runs of the plan found in the store, in plan order (any status).</summary>
    public IReadOnlyList<RunView<TRun>> Runs { get; }

    /// <summary>Runs whose metrics are final (complete or diverged).</summary>
    public IEnumerable<RunView<TRun>> Done => Runs.Where(r => r.Done);

    public int Missing => Plan.Runs.Count - Runs.Count;

    /// <summary>Output folder, for reading logged arrays (paths in the store are relative to it).</summary>
    public string OutDir { get; }

    public static Results<TRun> Load(RunStore store, ExperimentPlan plan)
    {
        Dictionary<string, RunRecord> records = store.Runs(plan.Experiment).ToDictionary(r => r.Id);
        var metrics = store.MetricsOf(plan.Experiment);
        var empty = new Dictionary<string, (int, double)[]>();
        List<RunView<TRun>> runs = plan.Runs
            .Where(spec => records.ContainsKey(spec.Id))
            .Select(spec => new RunView<TRun>(records[spec.Id], (TRun)spec.Config,
                metrics.TryGetValue(spec.Id, out var m) ? m : empty))
            .ToList();
        return new Results<TRun>(store, plan.Experiment, plan, runs, store.OutDir);
    }

    /// <summary>Full path of the array a run logged under <paramref name="name"/> at <paramref name="step"/>, as the store records it; null when none.</summary>
    public string? ArrayPath(RunView<TRun> run, string name, int step) =>
        _store.Arrays(run.Id).FirstOrDefault(a => a.Name == name && a.Step == step) is { } a ? Path.Combine(OutDir, a.Path) : null;

    /// <summary>Done runs grouped by a key of the config (e.g. <c>r => r.Sigma</c>), groups in plan order.</summary>
    public IEnumerable<IGrouping<TKey, RunView<TRun>>> By<TKey>(Func<TRun, TKey> key) => Done.GroupBy(r => key(r.Config));

    /// <summary>Mean ± std over the done runs selected by <paramref name="where"/> of a per-run value.</summary>
    public MeanStd Aggregate(Func<TRun, bool> where, Func<RunView<TRun>, double> value) =>
        MeanStd.Of(Done.Where(r => where(r.Config)).Select(value));

    public Claim AtLeast(string id, string statement, double measured, double min, string detail = "") =>
        Claim.AtLeast(Experiment, id, statement, measured, min, detail);

    public Claim AtMost(string id, string statement, double measured, double max, string detail = "") =>
        Claim.AtMost(Experiment, id, statement, measured, max, detail);

    public Claim Between(string id, string statement, double measured, double lo, double hi, string detail = "") =>
        Claim.Between(Experiment, id, statement, measured, lo, hi, detail);

    /// <summary>A claim with a custom test: <paramref name="holds"/> computed by the caller.</summary>
    public Claim Check(string id, string statement, double measured, string threshold, bool holds, string detail = "") =>
        new(Experiment, id, statement, measured, threshold, holds, detail);
}

using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Claims;

/// <summary>
/// The stored runs of one sweep plan, typed, for claims, checks and figures, read through the family's declared
/// metrics. Runs of the plan not (yet) in the store are counted in <see cref="Missing"/>. The claim and check
/// helpers fill in the experiment name.
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

    public static Results<TRun> Load(RunStore store, ExperimentPlan plan, MetricSet metrics)
    {
        Dictionary<string, RunRecord> records = store.Runs(plan.Experiment).ToDictionary(r => r.Id);
        var stored = store.MetricsOf(plan.Experiment);
        var empty = new Dictionary<string, (int, double)[]>();
        List<RunView<TRun>> runs = plan.Runs
            .Where(spec => records.ContainsKey(spec.Id))
            .Select(spec => new RunView<TRun>(records[spec.Id], (TRun)spec.Config,
                stored.TryGetValue(spec.Id, out var m) ? m : empty, metrics))
            .ToList();
        return new Results<TRun>(store, plan.Experiment, plan, runs, store.OutDir);
    }

    /// <summary>Full path of the array a run logged under <paramref name="name"/> at <paramref name="step"/>, as the store records it; null when none.</summary>
    public string? ArrayPath(RunView<TRun> run, string name, int step) =>
        _store.Arrays(run.Id).FirstOrDefault(a => a.Name == name && a.Step == step) is { } a ? Path.Combine(OutDir, a.Path) : null;

    /// <summary>Done runs grouped by a key of the config (e.g. <c>r => r.Sigma</c>), groups in plan order.</summary>
    public IEnumerable<IGrouping<TKey, RunView<TRun>>> By<TKey>(Func<TRun, TKey> key) => Done.GroupBy(r => key(r.Config));

    /// <summary>Done runs grouped by replicate (the unit of most claims), in increasing replicate order.</summary>
    public IEnumerable<IGrouping<int, RunView<TRun>>> ByReplicate => Done.GroupBy(r => r.Replicate).OrderBy(g => g.Key);

    /// <summary>One value per replicate: <paramref name="statistic"/> of that replicate's done runs (NaN where it cannot be computed).</summary>
    public List<double> PerReplicate(Func<IReadOnlyList<RunView<TRun>>, double> statistic) =>
        ByReplicate.Select(g => statistic(g.ToList())).ToList();

    /// <summary>Mean ± std over the done runs selected by <paramref name="where"/> of a per-run value.</summary>
    public MeanStd Aggregate(Func<TRun, bool> where, Func<RunView<TRun>, double> value) =>
        MeanStd.Of(Done.Where(r => where(r.Config)).Select(value));

    /// <summary>Decides <paramref name="spec"/> on one estimate.</summary>
    public Claim Claim(ClaimSpec spec, Estimate evidence, string detail = "") => spec.Decide(Experiment, evidence, detail);

    /// <summary>Decides <paramref name="spec"/> on several comparisons that must all hold (Holm-corrected failures).</summary>
    public Claim ClaimAll(ClaimSpec spec, IReadOnlyList<(string Label, Estimate Evidence)> components, string detail = "") =>
        spec.DecideAll(Experiment, components, detail);

    /// <summary><paramref name="spec"/> could not be measured: inconclusive, n = 0.</summary>
    public Claim NotMeasured(ClaimSpec spec, string why) => spec.NotMeasured(Experiment, why);

    /// <summary>A sanity check (not a claim).</summary>
    public Check Check(string id, string statement, double measured, string expected, bool passes, string detail = "") =>
        new(Experiment, id, statement, measured, expected, passes, detail);
}

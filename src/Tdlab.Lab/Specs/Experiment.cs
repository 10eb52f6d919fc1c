using System.Globalization;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Specs;

/// <summary>
/// An experiment family, declared once. The family's settings are one record with defaults (say
/// <c>XSettings</c>); <typeparamref name="TConfig"/>, the sweep, derives from it and adds the swept axes (lists,
/// ranges); <typeparamref name="TRun"/>, one run, derives from it too and adds the axis values, so a run is
/// made from the config without retyping a field: <c>new XRun(config) { Sigma = s }</c> (a constructor that
/// calls the settings record's copy constructor). Kinds are enums. The run's canonical JSON is its identity.
/// <see cref="Grid"/> expands a config into runs, e.g. <c>from s in c.Sigmas select new XRun(c) { Sigma = s }</c>.
/// Metrics are declared once (<see cref="Metrics"/>), claims are pre-registered <see cref="ClaimSpec"/>s decided
/// with intervals, sanity checks are apart from claims, and departures from the seed are <see cref="Deviations"/>.
/// </summary>
public abstract class Experiment<TConfig, TRun> : IExperiment
    where TConfig : ExperimentConfig
    where TRun : class
{
    public abstract string Name { get; }

    public abstract string Title { get; }

    public abstract string SeedReference { get; }

    /// <summary>The metrics the family's runs log and its claims and figures read.</summary>
    public abstract MetricSet Metrics { get; }

    /// <summary>Where the experiment departs from its seed, and why (listed in the report).</summary>
    public virtual IReadOnlyList<Deviation> Deviations => [];

    /// <summary>Preset "quick": every family together finishes in minutes on 2 cores.</summary>
    public abstract TConfig Quick { get; }

    /// <summary>Preset "full": the scale of the seed.</summary>
    public abstract TConfig Full { get; }

    public IReadOnlyList<string> Keys => ConfigOverrides.Keys(Quick.GetType());

    /// <summary>The runs of one replicate, in a fixed order. Duplicates are run once.</summary>
    public abstract IEnumerable<TRun> Grid(TConfig config);

    /// <summary>One run: build data and model from <c>context.Config</c> and <c>context.Rng</c>, log metrics.</summary>
    public abstract void Run(RunContext<TRun> context);

    /// <summary>
    /// Key of the ensemble a run trains in (runs of one architecture differing only in seed or scale), or null
    /// (the default) to train it alone. Families that return keys implement <see cref="RunEnsemble"/>.
    /// </summary>
    public virtual string? EnsembleKey(TRun run, int replicate) => null;

    /// <summary>Trains the members of one ensemble group in one batched pass, logging through each member's context.</summary>
    public virtual void RunEnsemble(IReadOnlyList<RunContext<TRun>> members) =>
        throw new NotSupportedException($"{Name} declares ensemble keys but does not implement RunEnsemble");

    /// <summary>Rejects a resolved config before anything runs: throw <see cref="BadInputException"/>.</summary>
    public virtual void Validate(TConfig config)
    {
    }

    /// <summary>
    /// Rough peak memory in bytes of one run (parameters, gradients, optimiser state, activations of a batch, data),
    /// used to refuse a plan whose runs cannot fit before anything is stored; 0 (the default) when negligible.
    /// An ensemble group needs about its member count times this.
    /// </summary>
    public virtual long MemoryEstimate(TRun run) => 0;

    /// <summary>The seeds' expected results, decided from the store (<c>results.Claim(spec, estimate)</c>).</summary>
    public virtual IEnumerable<Claim> Claims(Results<TRun> results) => [];

    /// <summary>Sanity checks of the measurements (identities, implementation properties): never claims.</summary>
    public virtual IEnumerable<Check> Checks(Results<TRun> results) => [];

    /// <summary>Figures as (file name, caption, SVG text).</summary>
    public virtual IEnumerable<ReportFigure> Figures(Results<TRun> results) => [];

    public ExperimentPlan Plan(string preset, IReadOnlyList<string> overrides, int? seeds = null, bool allowLarge = false)
    {
        TConfig config = preset switch
        {
            "quick" => Quick,
            "full" => Full,
            _ => throw new BadInputException($"unknown preset '{preset}'; valid presets: quick, full"),
        };
        config = ConfigOverrides.Apply(config, overrides, Name);
        if (seeds is int n)
            config = ConfigOverrides.Set(config, "seeds", n.ToString(CultureInfo.InvariantCulture), Name);
        if (config.Seeds < 1)
            throw new BadInputException($"seeds must be at least 1, got {config.Seeds}");
        SettingRules.Validate(config);
        Validate(config);
        return PlanOf(preset, overrides, config, Guarded(config, allowLarge));
    }

    /// <summary>
    /// Refuses, within a second and before anything is built or stored, a plan of more than
    /// <see cref="PlanLimits.MaxRuns"/> runs or one whose largest unit of work (a run, or an ensemble group) would need
    /// more memory than this process can have, naming the estimate (unless <paramref name="allowLarge"/>); returns the
    /// grid, enumerated once.
    /// </summary>
    private List<TRun> Guarded(TConfig config, bool allowLarge)
    {
        var grid = new List<TRun>();
        var groups = new Dictionary<string, int>();
        long largest = 0;
        foreach (TRun run in Grid(config))
        {
            grid.Add(run);
            if (allowLarge)
                continue;
            if ((long)grid.Count * config.Seeds > PlanLimits.MaxRuns)
                throw new BadInputException(
                    $"the plan has more than {PlanLimits.MaxRuns} runs (grid points x {config.Seeds} seeds); narrow the sweep, or pass --allow-large-plan");
            string? key = EnsembleKey(run, 0);
            int members = key is null ? 1 : groups[key] = groups.GetValueOrDefault(key) + 1;
            largest = Math.Max(largest, MemoryEstimate(run) * members);
        }

        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (largest > available * PlanLimits.MemoryFraction)
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture,
                $"a run of this plan needs about {largest / 1073741824.0:F1} GiB, more than the {available / 1073741824.0:F1} GiB this machine can give it; reduce the sizes, or pass --allow-large-plan to try anyway"));
        return grid;
    }

    public ExperimentPlan Replan(StoredSweep sweep)
    {
        TConfig config = CanonicalJson.Deserialize<TConfig>(sweep.ConfigJson);
        config = ConfigOverrides.Set(config, "seeds", sweep.Seeds.ToString(CultureInfo.InvariantCulture), Name);
        return PlanOf(sweep.Preset, sweep.Overrides, config, Grid(config));
    }

    public RunContext CreateContext(RunSpec spec, string outDir, CancellationToken cancellation) =>
        new RunContext<TRun>(spec, Metrics, outDir, cancellation);

    public void Execute(RunContext context) => Run((RunContext<TRun>)context);

    public string? EnsembleKey(RunSpec spec) => EnsembleKey((TRun)spec.Config, spec.Replicate);

    public void ExecuteEnsemble(IReadOnlyList<RunContext> members) =>
        RunEnsemble(members.Cast<RunContext<TRun>>().ToList());

    public Analysis Analyse(RunStore store, ExperimentPlan plan)
    {
        var results = Results<TRun>.Load(store, plan, Metrics);
        var notes = new List<string>();
        var failures = new List<Check>();
        List<T> Safely<T>(string part, Func<IEnumerable<T>> compute)
        {
            try
            {
                return compute().ToList();
            }
            catch (Exception e)
            {
                failures.Add(Check.AnalysisFailed(Name, part, e));
                return [];
            }
        }

        List<Claim> claims = Safely("claims", () => Claims(results));
        List<Check> checks = Safely("checks", () => Checks(results));
        List<ReportFigure> figures = Safely("figures", () => Figures(results));
        return new Analysis(claims, [.. checks, .. failures], figures, notes);
    }

    private ExperimentPlan PlanOf(string preset, IReadOnlyList<string> overrides, TConfig config, IEnumerable<TRun> grid)
    {
        List<RunSpec> runs = grid
            .SelectMany(run => Enumerable.Range(0, config.Seeds).Select(r => RunSpec.Create(Name, run, r)))
            .DistinctBy(r => r.Id)
            .ToList();
        return new ExperimentPlan(Name, preset, overrides, CanonicalJson.Serialize(config), config.Seeds, runs);
    }
}

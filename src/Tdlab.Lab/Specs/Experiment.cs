using System.Globalization;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Specs;

/// <summary>
/// An experiment family. <typeparamref name="TConfig"/> is the sweep config (a record with defaults,
/// presets <see cref="Quick"/> and <see cref="Full"/>, overridable with <c>--set</c>);
/// <typeparamref name="TRun"/> is the resolved config of one run (a record whose canonical JSON identifies
/// the run). <see cref="Grid"/> expands the first into the second, e.g. a cartesian product by LINQ:
/// <c>from s in c.Sigmas from d in c.Depths select new Point(s, d, c.Epochs)</c>.
/// </summary>
public abstract class Experiment<TConfig, TRun> : IExperiment
    where TConfig : ExperimentConfig
    where TRun : class
{
    public abstract string Name { get; }

    public abstract string Title { get; }

    public abstract string SeedReference { get; }

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

    /// <summary>The expected results, computed from the store (use the helpers on <paramref name="results"/>).</summary>
    public virtual IEnumerable<Claim> Claims(Results<TRun> results) => [];

    /// <summary>Figures as (file name, caption, SVG text).</summary>
    public virtual IEnumerable<Figure> Figures(Results<TRun> results) => [];

    public ExperimentPlan Plan(string preset, IReadOnlyList<string> overrides, int? seeds = null)
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
        Validate(config);
        return PlanOf(preset, overrides, config);
    }

    public ExperimentPlan Replan(StoredSweep sweep)
    {
        TConfig config = CanonicalJson.Deserialize<TConfig>(sweep.ConfigJson);
        config = ConfigOverrides.Set(config, "seeds", sweep.Seeds.ToString(CultureInfo.InvariantCulture), Name);
        return PlanOf(sweep.Preset, sweep.Overrides, config);
    }

    public RunContext CreateContext(RunSpec spec, string outDir, CancellationToken cancellation) =>
        new RunContext<TRun>(spec, outDir, cancellation);

    public void Execute(RunContext context) => Run((RunContext<TRun>)context);

    public string? EnsembleKey(RunSpec spec) => EnsembleKey((TRun)spec.Config, spec.Replicate);

    public void ExecuteEnsemble(IReadOnlyList<RunContext> members) =>
        RunEnsemble(members.Cast<RunContext<TRun>>().ToList());

    public Analysis Analyse(RunStore store, ExperimentPlan plan)
    {
        var results = Results<TRun>.Load(store, plan);
        var notes = new List<string>();
        List<Claim> claims;
        try
        {
            claims = Claims(results).ToList();
        }
        catch (Exception e)
        {
            claims = [results.Check("claims-error", "the claims could be computed from the store", double.NaN,
                "no exception", false, $"{e.GetType().Name}: {e.Message}")];
        }

        List<Figure> figures;
        try
        {
            figures = Figures(results).ToList();
        }
        catch (Exception e)
        {
            figures = [];
            notes.Add($"Figures could not be drawn: {e.GetType().Name}: {e.Message}");
        }

        return new Analysis(claims, figures, notes);
    }

    private ExperimentPlan PlanOf(string preset, IReadOnlyList<string> overrides, TConfig config)
    {
        List<RunSpec> runs = Grid(config)
            .SelectMany(run => Enumerable.Range(0, config.Seeds).Select(r => RunSpec.Create(Name, run, r)))
            .DistinctBy(r => r.Id)
            .ToList();
        return new ExperimentPlan(Name, preset, overrides, CanonicalJson.Serialize(config), config.Seeds, runs);
    }
}

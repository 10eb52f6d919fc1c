using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Specs;

/// <summary>
/// What the runner, the reports and the command need from an experiment family. Implement it by deriving
/// from <see cref="Experiment{TConfig, TRun}"/>, which does the typed work.
/// </summary>
public interface IExperiment
{
    /// <summary>Command-line name, kebab-case, e.g. "init-variance".</summary>
    string Name { get; }

    /// <summary>One line for <c>tdlab list</c> and the report heading.</summary>
    string Title { get; }

    /// <summary>Where the expected results come from, e.g. "seed 000, topic 1; seed 002".</summary>
    string SeedReference { get; }

    /// <summary>The metrics the family declares.</summary>
    MetricSet Metrics { get; }

    /// <summary>Where the experiment departs from its seed, and why.</summary>
    IReadOnlyList<Deviation> Deviations { get; }

    /// <summary>Settable keys (kebab-case) of the sweep config.</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>
    /// Resolves preset + overrides (+ seed count) into runs; throws <see cref="BadInputException"/>, also for a plan
    /// too large to run (too many runs, or runs that cannot fit in memory) unless <paramref name="allowLarge"/>.
    /// </summary>
    ExperimentPlan Plan(string preset, IReadOnlyList<string> overrides, int? seeds = null, bool allowLarge = false);

    /// <summary>Rebuilds a plan from a sweep stored in the run store (for reports).</summary>
    ExperimentPlan Replan(StoredSweep sweep);

    /// <summary>Makes the context one run reports through.</summary>
    RunContext CreateContext(RunSpec spec, string outDir, CancellationToken cancellation);

    /// <summary>Executes one run; metrics go to <paramref name="context"/>.</summary>
    void Execute(RunContext context);

    /// <summary>
    /// Runs with the same non-null key train together as the members of one ensemble (one batched pass);
    /// null runs alone. The groups come from the plan, so a run always executes the same way whatever is
    /// already stored and whatever the thread count.
    /// </summary>
    string? EnsembleKey(RunSpec spec);

    /// <summary>Executes one ensemble group; each member reports through its own context.</summary>
    void ExecuteEnsemble(IReadOnlyList<RunContext> members);

    /// <summary>Claims, checks and figures computed from the stored runs of <paramref name="plan"/>.</summary>
    Analysis Analyse(RunStore store, ExperimentPlan plan);
}

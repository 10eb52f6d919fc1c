using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Tests.Fixtures;

/// <summary>
/// Base of test fixtures that execute the quadratic toy differently (as ensembles, slowly) but must be the same
/// experiment to the lab: same name, metrics, presets and runs, so their stored results compare with the toy's.
/// </summary>
public abstract class QuadraticToyVariant : Experiment<QuadraticConfig, QuadraticRun>
{
    /// <summary>The toy itself, whose runs a variant delegates to.</summary>
    protected QuadraticToy Alone { get; } = new();

    public override string Name => Alone.Name;

    public override string Title => Alone.Title;

    public override string SeedReference => Alone.SeedReference;

    public override MetricSet Metrics => Alone.Metrics;

    public override QuadraticConfig Quick => Alone.Quick;

    public override QuadraticConfig Full => Alone.Full;

    public override IEnumerable<QuadraticRun> Grid(QuadraticConfig config) => Alone.Grid(config);

    public override void Run(RunContext<QuadraticRun> context) => Alone.Run(context);
}

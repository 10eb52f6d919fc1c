using Tdlab.Lab.Metrics;
using System.Collections.Concurrent;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;

namespace Tdlab.Cli.Tests;

/// <summary>Sweep config of <see cref="ReliabilityCountingToy"/>: grid points and how long each run takes.</summary>
public sealed record ReliabilityCountingConfig : ExperimentConfig
{
    public int[] Points { get; init; } = [.. Enumerable.Range(0, 12)];

    public int Milliseconds { get; init; } = 40;
}

/// <summary>One run of the counting toy.</summary>
public sealed record ReliabilityCountingRun(int Point, int Milliseconds);

/// <summary>
/// Test fixture (never registered): runs that take a while and count how often each run id is executed,
/// for the test of two runners sharing one store. Metrics depend on the run's seed only.
/// </summary>
public sealed class ReliabilityCountingToy : Experiment<ReliabilityCountingConfig, ReliabilityCountingRun>
{
    /// <summary>Executions per run id, over every runner that uses this instance.</summary>
    public ConcurrentDictionary<string, int> Executions { get; } = new();

    public override string Name => "toy-counted";

    public override string Title => "Counts its executions (test fixture)";

    public override string SeedReference => "test fixture";

    /// <summary>Its one metric, a loss.</summary>
    public static readonly Metric Loss = Metric.Loss("loss", "1", "a noisy value per step");

    public override MetricSet Metrics { get; } = new("toy-counted", [Loss], []);

    public override ReliabilityCountingConfig Quick => new() { Seeds = 2 };

    public override ReliabilityCountingConfig Full => Quick;

    public override IEnumerable<ReliabilityCountingRun> Grid(ReliabilityCountingConfig c) =>
        c.Points.Select(p => new ReliabilityCountingRun(p, c.Milliseconds));

    public override void Run(RunContext<ReliabilityCountingRun> context)
    {
        Executions.AddOrUpdate(context.RunId, 1, (_, n) => n + 1);
        Thread.Sleep(context.Config.Milliseconds);
        for (int step = 0; step < 5; step++)
            context.Log(step, Loss, context.Config.Point + context.Rng.NextNormal());
    }
}

using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Tests.Fixtures;

/// <summary>Runs toy sweeps into a store and dumps stored metrics for comparison.</summary>
public static class Sweeps
{
    public static SweepSummary Run(RunStore store, ExperimentPlan plan, int threads = 1,
        ISweepProgress? progress = null, CancellationToken cancellation = default) =>
        new SweepRunner(store, threads, progress).Run(new QuadraticToy(), plan, cancellation);

    /// <summary>Every stored metric row of the toy as "run step name value" lines, sorted.</summary>
    public static List<string> Dump(RunStore store) =>
        store.MetricsOf("toy-quadratic")
            .SelectMany(run => run.Value.SelectMany(m => m.Value.Select(p =>
                $"{run.Key} {p.Step} {m.Key} {BitConverter.DoubleToInt64Bits(p.Value):X16}")))
            .Order(StringComparer.Ordinal).ToList();
}

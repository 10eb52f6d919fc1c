using Tdlab.Lab.Metrics;
using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Runner;

/// <summary>A run context with the typed run config.</summary>
public sealed class RunContext<TRun>(RunSpec spec, MetricSet metrics, string outDir, CancellationToken cancellation)
    : RunContext(spec, metrics, outDir, cancellation)
    where TRun : class
{
    public TRun Config => (TRun)Spec.Config;
}

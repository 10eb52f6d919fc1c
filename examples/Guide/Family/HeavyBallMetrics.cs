using Tdlab.Lab.Metrics;

namespace Tdlab.Guide.Family;

/// <summary>The metrics, declared once: the run logs them, the claims read them.</summary>
public static class HeavyBallMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1", "f(x_k) / f(x_0), every 10 steps");

    public static readonly MetricSet All = MetricSet.Of("heavy-ball", typeof(HeavyBallMetrics));
}

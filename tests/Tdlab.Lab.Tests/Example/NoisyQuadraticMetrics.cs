using Tdlab.Lab.Metrics;

namespace Tdlab.Lab.Tests.Example;

/// <summary>The family's metrics, declared once: runs log them, claims and figures read them.</summary>
public static class NoisyQuadraticMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1", "a x_k^2 / 2, every 100 steps");

    public static readonly Metric StationaryLoss = Metric.Of("stationary_loss", "1", "mean of a x_k^2 / 2 over the second half of the steps");

    public static readonly MetricSet All = MetricSet.Of("noisy-quadratic", typeof(NoisyQuadraticMetrics));
}

using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>The metrics of edge-of-stability, declared once.</summary>
public static class EdgeOfStabilityMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1", "full-batch training loss 1/2 mean_i sum_c (f_c - y_c)^2 at every step (flow: every RK4 step)");

    public static readonly Metric Sharpness = Metric.Of("sharpness", "1",
        "top eigenvalue of the full-batch loss Hessian, warm-started Lanczos on exact HVPs, on the schedule (every sharpness-every steps; flow: every RK4 step's schedule)");

    public static readonly Metric SharpnessResidual = Metric.Of("sharpness_residual", "1", "||H v - lambda v|| of the sharpness estimate, relative to lambda");

    public static readonly Metric Hvps = Metric.Of("hvps", "products", "Hessian-vector products used by the sharpness estimate at that step (Lanczos steps + 1 for the residual)");

    public static readonly Metric Time = Metric.Of("time", "1", "gradient flow only: the flow time t = sum of RK4 step sizes at each RK4 step");

    public static readonly Metric Accuracy = Metric.Of("accuracy", "1", "training accuracy (argmax f = label) at the last step");

    public static readonly MetricSet All = MetricSet.Of("edge-of-stability", typeof(EdgeOfStabilityMetrics));
}

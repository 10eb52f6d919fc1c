using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>The metrics of sharpness, declared once.</summary>
public static class SharpnessMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1", "full-batch training cross-entropy every eval-every steps");

    public static readonly Metric Reached = Metric.Of("reached", "1", "1 if the run reached the target loss, 0 if it stopped at max-steps; at the last step");

    public static readonly Metric Sharpness = Metric.Of("sharpness", "1", "top eigenvalue of the full-batch Hessian at the solution (Lanczos on exact HVPs)");

    public static readonly Metric SharpnessResidual = Metric.Of("sharpness_residual", "1", "||H v - lambda v|| / lambda of the sharpness estimate");

    public static readonly Metric Trace = Metric.Of("trace", "1", "Hutchinson estimate of tr H at the solution");

    public static readonly Metric TraceError = Metric.Of("trace_se", "1", "standard error of the trace estimate");

    public static readonly Metric StableStep = Metric.Of("stable_step", "1",
        "largest step eta (bisection on c in eta = c 2 / lambda_max) at which stability-steps GD steps from the solution never raise the loss above twice its start");

    public static readonly Metric Hvps = Metric.Of("hvps", "products", "Hessian-vector products used at the solution (Lanczos + residual + Hutchinson)");

    public static readonly MetricSet All = MetricSet.Of("sharpness", typeof(SharpnessMetrics));
}

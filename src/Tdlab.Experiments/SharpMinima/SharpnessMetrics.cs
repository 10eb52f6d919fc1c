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

    public static readonly Metric Outliers = Metric.Of("outliers", "eigenvalues",
        "outlier sub-study: number of Hessian outliers by the rule fixed in advance (largest relative gap among the top eigenvalues above the SLQ bulk edge), at the start and at the solution");

    public static readonly Metric BulkEdge = Metric.Of("bulk_edge", "1", "outlier sub-study: the 0.99 quantile of the SLQ spectral density of the Hessian");

    public static readonly Metric OutlierGap = Metric.Of("outlier_gap", "1", "outlier sub-study: the largest ratio lambda_i / lambda_(i+1) that sets the count");

    public static readonly Metric OutlierTopEigenvalue = Metric.Of("outlier_lambda_max", "1", "outlier sub-study: top Hessian eigenvalue");

    public static readonly Metric OutlierHvps = Metric.Of("outlier_hvps", "products", "outlier sub-study: HVPs of one measurement (Lanczos + residuals + SLQ)");

    public static readonly Metric RegressionLoss = Metric.Loss("regression_loss", "1", "second-order sub-study: (1/2) mean (f - y)^2 of the student");

    public static readonly Metric Iterations = Metric.Of("iterations", "1", "second-order sub-study: iterations until the target loss (or the cap), refused second-order steps included");

    public static readonly Metric WallSeconds = Metric.Of("wall_seconds", "s", "second-order sub-study: wall time of the optimisation (not reproducible; not a reproducibility metric)");

    public static readonly Metric Products = Metric.Of("products", "products", "second-order sub-study: Hessian or Gauss-Newton products used (GD: its step's Lanczos)");

    public static readonly Metric GdStep = Metric.Of("gd_step", "1", "second-order sub-study: GD's step 1 / lambda_max(H(w_0))");

    public static readonly Metric AdamGnCosine = Metric.Of("adam_gn_cosine", "1", "second-order sub-study: cos(Adam's second moment v, exact diag of the Gauss-Newton matrix), every align-every Adam steps");

    public static readonly Metric UniformGnCosine = Metric.Of("uniform_gn_cosine", "1", "second-order sub-study: cos(1, diag G), the same steps: the alignment of a constant preconditioner");

    public static readonly MetricSet All = MetricSet.Of("sharpness", typeof(SharpnessMetrics));
}

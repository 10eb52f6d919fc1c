using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.Isometry;

/// <summary>
/// The metrics of isometry, declared once. The spectrum metrics describe the singular values s of the hidden stack's
/// input-output Jacobian J, pooled over the run's spectrum inputs, at initialisation (step 0) and, for a trained net,
/// after the last step.
/// </summary>
public static class IsometryMetrics
{
    public static readonly Metric MeanSquared = Metric.Of("sv_mean_sq", "1", "mean squared singular value (1/n) tr(J^T J)");

    public static readonly Metric Max = Metric.Of("sv_max", "1", "largest singular value s_max");

    public static readonly Metric Min = Metric.Of("sv_min", "1", "smallest singular value");

    public static readonly Metric Condition = Metric.Of("sv_cond", "1", "condition number s_max / s_min");

    public static readonly Metric IsometryError = Metric.Of("sv_isometry_error", "1", "max_i |s_i - 1| (0 for an isometry)");

    public static readonly Metric Q05 = Metric.Of("sv_q05", "1", "5% quantile of the singular values");

    public static readonly Metric Q50 = Metric.Of("sv_q50", "1", "median singular value");

    public static readonly Metric Q95 = Metric.Of("sv_q95", "1", "95% quantile of the singular values");

    public static readonly Metric Spread = Metric.Of("sv_spread", "1", "q95 / q05 of the singular values above 1e-10 s_max (1 for an isometry)");

    public static readonly Metric ZeroFraction = Metric.Of("sv_zero_fraction", "fraction", "fraction of singular values below 1e-10 s_max");

    public static readonly IndexedMetric WeightGradientNorm = new("grad_norm_l", "Linear layer l = 1..L + 1 (L + 1 is the read-out)", "1",
        "||dL/dW_l||_F of the cross-entropy on a fixed batch of the first 128 training rows: at initialisation (step 0) for every net, " +
        "and after s = 1..gradient-steps updates (step s) for a trained net");

    public static readonly Metric Loss = Metric.Loss("loss", "nats", "mean cross-entropy over the training set, at step 0 and every eval-every steps");

    public static readonly Metric Accuracy = Metric.Of("accuracy", "fraction", "accuracy over the training set, with the loss");

    public static readonly Metric TestAccuracy = Metric.Of("test_accuracy", "fraction", "accuracy over the test set, at step 0 and after the last step");

    public static readonly MetricSet All = MetricSet.Of("isometry", typeof(IsometryMetrics));
}

using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>The metrics of lipschitz, declared once. Every probe is logged at epoch 0 and every log-every epochs (min-norm sweep: once, at step 1).</summary>
public static class LipschitzMetrics
{
    public static readonly Metric Accuracy = Metric.Of("accuracy", "fraction", "accuracy over the (noisy-label) training set, eval mode");

    public static readonly Metric TestAccuracy = Metric.Of("test_accuracy", "fraction", "accuracy over the test set, eval mode");

    public static readonly Metric TestLoss = Metric.Loss("test_loss", "nats", "mean cross-entropy over the test set");

    public static readonly Metric Loss = Metric.Loss("loss", "nats", "mean cross-entropy over the training set");

    public static readonly IndexedMetric LayerSpectralNorm = new("sn_l", "weight layer l = 1..depth + 1", "1",
        "||W_l||_2 by exact SVD of the matrix the layer applies (for a spectral-norm layer W / u^T W v)");

    public static readonly IndexedMetric PowerIterationNorm = new("sn_power_l", "weight layer l = 1..depth + 1", "1",
        "||W_l||_2 by power iteration (probe's own stream)");

    public static readonly Metric PowerIterationError = Metric.Of("sn_rel_diff", "1",
        "largest relative difference between power iteration and SVD over the layers");

    public static readonly Metric SpectralNormLag = Metric.Of("sn_lag_max", "1",
        "spectral-norm runs with probe-refresh-iterations > 0: max over layers of ||W_l / u^T W_l v||_2 (exact SVD) with the u, v of the last training step, before the probe's refresh");

    public static readonly Metric LogUpper = Metric.Of("log_upper", "1",
        "ln of the Lipschitz upper bound prod_l ||W_l||_2 prod Lip(phi)");

    public static readonly Metric LogActivation = Metric.Of("log_act", "1", "ln prod Lip(phi) of the activations");

    public static readonly Metric Lower = Metric.Of("lower", "1",
        "empirical lower bound max_i ||J(x_i)||_2 of the input Jacobian over the probe batch");

    public static readonly Metric LowerMean = Metric.Of("lower_mean", "1", "mean_i ||J(x_i)||_2 over the probe batch");

    public static readonly Metric SquaredError = Metric.Of("mse", "1",
        "mean over training examples of ||f(x) - onehot(y)||^2 (min-norm sweep only, the loss its fit minimises)");

    public static readonly Metric TestSquaredError = Metric.Of("test_mse", "1", "the same over the test set (min-norm sweep only)");

    public static readonly MetricSet All = MetricSet.Of("lipschitz", typeof(LipschitzMetrics));
}

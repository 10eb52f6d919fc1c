using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.InitVariance;

/// <summary>The metrics of init-variance, declared once.</summary>
public static class InitVarianceMetrics
{
    public static readonly Metric Classes = Metric.Of("classes", "1", "classes of the data, logged once at step 0 (chance accuracy = 1 / classes)");

    public static readonly Metric Loss = Metric.Loss("loss", "nats", "mean cross-entropy over the training set, per epoch (0 = at initialisation)");

    public static readonly Metric Accuracy = Metric.Of("accuracy", "fraction", "accuracy over the training set, per epoch");

    public static readonly Metric TestLoss = Metric.Loss("test_loss", "nats", "mean cross-entropy over the test set, per epoch");

    public static readonly Metric TestAccuracy = Metric.Of("test_accuracy", "fraction", "accuracy over the test set, per epoch");

    public static readonly IndexedMetric ActivationSecondMoment = new("act_m2_l", "hidden layer l = 1..depth", "1",
        "E[F_l^2], mean square of the post-ReLU activations of a fixed probe batch of 256 training rows, at init (step 0) and after the last epoch");

    public static readonly IndexedMetric ActivationVariance = new("act_var_l", "hidden layer l = 1..depth", "1",
        "Var[F_l] over units and probe rows, at init and after the last epoch");

    public static readonly IndexedMetric WeightGradientNorm = new("grad_norm_l", "layer l = 1..depth + 1", "1",
        "||dL/dW_l||_F on the probe batch, at init and after the last epoch");

    public static readonly IndexedMetric ExampleGradientRms = new("grad_rms_example_l", "layer l = 1..depth + 1", "1",
        "root mean square over the first 32 probe rows of the per-example ||dL_i/dW_l||_F (each row's own loss), at init only");

    public static readonly MetricSet All = MetricSet.Of("init-variance", typeof(InitVarianceMetrics));
}

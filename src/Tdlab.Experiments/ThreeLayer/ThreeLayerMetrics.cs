using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>The metrics of three-layer, declared once. Steps are SGD steps (0 = at initialisation).</summary>
public static class ThreeLayerMetrics
{
    public static readonly Metric ValidationLoss = Metric.Loss("val_loss", "y^2",
        "validation mean squared error (1/n) sum_i (y_i - f(x_i))^2, every log-every steps and at the last step");

    public static readonly Metric TrainLoss = Metric.Of("train_loss", "y^2",
        "training mean squared error over the whole training set, every log-every steps and at the last step");

    public static readonly Metric TargetVariance = Metric.Of("target_variance", "y^2",
        "Var(y) on the validation set (the loss of the best constant predictor), step 0; relative loss = val_loss / target_variance");

    public static readonly Metric CosSim = Metric.Of("cos_sim", "1",
        "|CosSim(w, w*)| = |w . w*| / (||w|| ||w*||), every log-every steps (1 for the 1-D learner, whose w is w*)");

    public static readonly Metric NtkChange = Metric.Of("ntk_change", "1",
        "probe runs: relative change ||K(t) - K(0)||_F / ||K(0)||_F of the empirical NTK on the fixed probe batch, every log-every steps");

    public static readonly Metric NtkMinEigenvalue = Metric.Of("ntk_min_eigenvalue", "y^2",
        "probe runs: smallest eigenvalue of the probe-batch empirical NTK (float64, dense symmetric eigensolver), every log-every steps");

    public static readonly Metric NtkMaxEigenvalue = Metric.Of("ntk_max_eigenvalue", "y^2",
        "probe runs: largest eigenvalue of the probe-batch empirical NTK, every log-every steps");

    public static readonly Metric NtkAgreement = Metric.Of("ntk_agreement", "1",
        "probe runs: max relative difference of the probe-batch NTK at initialisation by Jacobian contraction and by NTK-vector products, step 0");

    public static readonly MetricSet All = MetricSet.Of("three-layer", typeof(ThreeLayerMetrics));

    /// <summary>Frame arrays of the frame run: (2, P) rows (w^T x_i, y_i) of training points; (2, G) the curve (t, g_theta(t)).</summary>
    public const string FramePointsArray = "frame_points";

    public const string FrameCurveArray = "frame_curve";
}

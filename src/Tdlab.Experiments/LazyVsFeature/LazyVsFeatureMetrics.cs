using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>The metrics of lazy-vs-feature, declared once. "Last" is the step at which training stopped.</summary>
public static class LazyVsFeatureMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1",
        "training loss (1 / (alpha^2 n)) sum_i sp_beta(1 - y_i F(w, x_i)), per full-batch GD step (0 = at initialisation); frozen-NTK runs: " +
        "(1 / n) sum_i sp_beta(1 - y_i F_i) of the linearised model (alpha^2 times the loss, independent of alpha)");

    public static readonly Metric NtkAgreement = Metric.Of("ntk_agreement", "1",
        "max relative difference of the probe-batch NTK at initialisation by Jacobian contraction and by NTK-vector products, step 0");

    public static readonly Metric NtkMinEigenvalue = Metric.Of("ntk_min_eigenvalue", "1",
        "smallest eigenvalue of the probe-batch empirical NTK, at step 0 and at the last step");

    public static readonly Metric NtkNorm = Metric.Of("ntk_norm", "1",
        "Frobenius norm of the probe-batch empirical NTK, at step 0 and at the last step");

    public static readonly Metric THalf = Metric.Of("t_half", "GD time (steps x eta)",
        "time at which the loss first falls to half its initial value (linear interpolation between steps; NaN if never), at the last step");

    public static readonly Metric Time = Metric.Of("time", "GD time (steps x eta)", "GD time at the end of training, at the last step");

    public static readonly Metric TrainError = Metric.Of("train_error", "fraction",
        "fraction of training examples with y F(x) <= 0, at the last step");

    public static readonly Metric TestError = Metric.Of("test_error", "fraction",
        "fraction of test examples with y F(x) <= 0, at the last step");

    public static readonly Metric NtkChange = Metric.Of("ntk_change", "1",
        "relative change ||Theta(T) - Theta(0)||_F / ||Theta(0)||_F of the probe-batch empirical NTK, at the last step");

    public static readonly Metric OutputFluctuation = Metric.Of("output_fluctuation", "1",
        "output-fluctuation runs: delta F = sqrt(mean over test points of the variance over initialisations of F(x) = alpha (f(w, x) - f(w0, x))) after training, at the last step");

    public static readonly Metric FluctuationLossRatio = Metric.Of("fluctuation_loss_ratio", "1",
        "output-fluctuation runs: largest final / initial loss over the initialisations, at the last step");

    public static readonly Metric FrozenNtkAgreement = Metric.Of("frozen_ntk_agreement", "1",
        "frozen-NTK runs: the larger of (a) the max relative difference between the probe block of the training-set kernel Theta_0 = J J^T (chunked " +
        "Jacobian) and the probe-batch kernel by NTK-vector products, and (b) the max relative difference between J (J^T c) by a Jacobian-vector " +
        "product (the path of the test predictions) and Theta_0 c on the training set, step 0");

    public static readonly Metric FrozenNtkMinEigenvalue = Metric.Of("frozen_ntk_min_eigenvalue", "1",
        "frozen-NTK runs: lambda_min / lambda_max of the training-set kernel Theta_0 (PSD: >= 0 up to rounding), step 0");

    public static readonly Metric FrozenNtkAsymmetry = Metric.Of("frozen_ntk_asymmetry", "1",
        "frozen-NTK runs: max |Theta_ij - Theta_ji| / max |Theta_ij| of the training-set kernel as computed (before symmetrising), step 0");

    public static readonly MetricSet All = MetricSet.Of("lazy-vs-feature", typeof(LazyVsFeatureMetrics));
}

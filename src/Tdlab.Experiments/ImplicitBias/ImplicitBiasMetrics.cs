using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>The metrics of implicit-bias, declared once.</summary>
public static class ImplicitBiasMetrics
{
    public static readonly Metric MaxMargin = Metric.Of("max_margin", "1", "linear runs: the hard-margin SVM's margin gamma* of the features, logged once at step 0");

    public static readonly Metric KktResidual = Metric.Of("kkt_residual", "1", "linear runs: KKT residual of the max-margin solver's solution, at step 0");

    public static readonly Metric SupportVectors = Metric.Of("support_vectors", "points", "linear runs: support vectors of the SVM solution, at step 0");

    public static readonly IndexedMetric MaxMarginDirection = new("w_star", "feature k = 0..d (0: the constant feature)", "1",
        "linear runs with d = 2: component k of the unit max-margin direction w*, at step 0");

    public static readonly Metric Loss = Metric.Loss("loss", "1", "mean training loss (exponential or logistic) at each log-spaced checkpoint");

    public static readonly Metric Margin = Metric.Of("margin", "1",
        "normalised margin min_i y_i f(x_i) / ||theta||^L (L = 1 linear, 2 net) at each checkpoint");

    public static readonly Metric SmoothMargin = Metric.Of("smooth_margin", "1", "smooth margin -ln(sum_i e^{-m_i}) / ||theta||^L at each checkpoint");

    public static readonly Metric Gap = Metric.Of("gap", "1", "linear runs: gamma* - gamma(w_t) at each checkpoint");

    public static readonly Metric Angle = Metric.Of("angle", "rad", "linear runs: angle between w_t and w* at each checkpoint");

    public static readonly Metric Norm = Metric.Of("norm", "1", "linear runs: ||w_t|| at each checkpoint");

    public static readonly IndexedMetric Weight = new("w", "feature k = 0..d (0: the constant feature)", "1",
        "linear runs with d = 2: component k of w_t at each checkpoint");

    public static readonly Metric MinMargin = Metric.Of("min_margin", "1", "net runs: min_i y_i f(x_i) (unnormalised) at each checkpoint");

    public static readonly Metric LearningRate = Metric.Of("learning_rate", "1", "net runs: the loss-scaled step min(eta / L, eta_max) at each checkpoint");

    public static readonly MetricSet All = MetricSet.Of("implicit-bias", typeof(ImplicitBiasMetrics));
}

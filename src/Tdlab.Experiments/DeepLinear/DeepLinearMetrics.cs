using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>The metrics of deep-linear, declared once.</summary>
public static class DeepLinearMetrics
{
    public static readonly IndexedMetric SingularValue = new("s_", "mode a = 0..modes - 1", "1",
        "singular value s_a of the task's Sigma31, logged once at step 0");

    public static readonly IndexedMetric ModeStrength = new("u_", "mode a = 0..modes - 1", "1",
        "mode strength u_a = u_a^T W_D ... W_1 v_a of a decoupled run, every log-every steps and at the last");

    public static readonly IndexedMetric HalfCrossing = new("t_half_", "mode a = 0..modes - 1", "steps",
        "first time u_a reaches s_a / 2 (linearly interpolated between steps), logged at step 0 of a decoupled run");

    public static readonly Metric Loss = Metric.Loss("loss", "1",
        "E = 1/(2P) sum ||y - W x||^2 before the step; decoupled runs every log-every steps, learning-time runs every 5 log-every steps and at the criterion");

    public static readonly Metric Coupling = Metric.Of("coupling", "1",
        "Frobenius norm of the off-diagonal part of U^T W V (coupling between modes) of a decoupled run, when u is logged");

    public static readonly Metric ReferenceLoss = Metric.Loss("reference_loss", "1",
        "loss of the zero map (1/2) sum_a s_a^2, logged at step 0 of a learning-time run");

    public static readonly Metric CriterionStep = Metric.Of("learning_time", "steps",
        "first step whose loss is at most criterion x reference_loss, logged at step 0 of a learning-time run (absent if never reached)");

    public static readonly MetricSet All = MetricSet.Of("deep-linear", typeof(DeepLinearMetrics));
}

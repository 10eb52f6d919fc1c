using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.RnnGating;

/// <summary>The metrics of rnn-gating, declared once.</summary>
public static class RnnGatingMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "task loss",
        "training loss (cross-entropy in nats for copy, MSE for adding), mean over the steps since the last log, every log-every steps and at the last step; a non-finite step loss is logged at its step");

    public static readonly Metric ParamGradNorm = Metric.Of("param_grad_norm", "1",
        "global norm of the parameter gradient before clipping, mean over the steps since the last log");

    public static readonly Metric EvalLoss = Metric.Loss("eval_loss", "task loss", "loss on the fixed held-out batch, at step 0 and after the last step");

    public static readonly Metric EvalAccuracy = Metric.Of("eval_accuracy", "fraction",
        "copy task only: accuracy of the recalled symbols on the held-out batch, at step 0 and after the last step");

    /// <summary>Member s (a probed training step) holds ||dL/dh_t|| logged at "step" t = 1..L, the time index of the sequence.</summary>
    public static readonly IndexedMetric HiddenGradient = new("hgrad_s", "training step s of the probe (0 = init)", "1",
        "||dL/dh_t|| on the fixed probe batch, logged at step t = 1..L (the position in the sequence, not a training step)");

    public static readonly Metric HiddenGradientSlope = Metric.Of("hgrad_slope", "1 / time step",
        "slope b of the least-squares line log ||dL/dh_t|| = a + b t over t = 1..L-k, at each probed training step");

    public static readonly Metric HiddenGradientR2 = Metric.Of("hgrad_r2", "1", "R^2 of that line, at each probed training step");

    public static readonly Metric HiddenGradientLog10Ratio = Metric.Of("hgrad_log10_ratio", "decades",
        "log10(||dL/dh_1|| / ||dL/dh_(L-k)||), at each probed training step (negative: vanishing going back in time; positive: exploding)");

    public static readonly MetricSet All = MetricSet.Of("rnn-gating", typeof(RnnGatingMetrics));
}

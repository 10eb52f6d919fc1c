using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// The metrics of signal-propagation, declared once. The per-layer moments are logged at step = layer l = 0..L,
/// as the mean over the run's nets (each net averaged over units and inputs) and its standard error over nets
/// (logged only when the run has more than one net).
/// </summary>
public static class SignalPropagationMetrics
{
    public static readonly Metric QStar = Metric.Of("q_star", "1",
        "tanh runs: fixed point q* of the mean-field length map for (sigma_w^2, sigma_b^2), at step 0");

    public static readonly Metric LogChi = Metric.Of("log_chi", "1",
        "tanh runs: ln chi, chi = sigma_w^2 E[tanh'(sqrt(q*) z)^2] by Gauss-Hermite, the predicted per-layer growth of the mean squared gradient, at step 0");

    public static readonly Metric Growth = Metric.Of("growth", "1",
        "tanh runs: least-squares slope of ln E(dL/dh_l)^2 (mean over nets) against L - l, l = 0..L, at step 0");

    public static readonly Metric Correlation = Metric.Of("corr", "1",
        "tanh runs: mean over pairs of distinct inputs of the correlation of their pre-activations h_l (uncentred, over units; the mean-field q_ab / q*), mean over nets (step = l)");

    public static readonly Metric CStar = Metric.Of("c_star", "1", "tanh runs: stable fixed point c* of the mean-field correlation map reached from c = 0, at step 0");

    public static readonly Metric XiQ = Metric.Of("xi_q", "layers", "tanh runs: depth scale of the length map's approach to q*, -1 / ln(chi_1 + sigma_w^2 E[phi'' phi]) (infinite: reported as NaN), at step 0");

    public static readonly Metric XiC = Metric.Of("xi_c", "layers", "tanh runs: depth scale of the correlation map's approach to c*, -1 / ln chi_c (infinite at chi_c >= 1: NaN), at step 0");

    public static readonly Metric TrainAccuracy = Metric.Of("train_acc", "1",
        "training runs: accuracy on the whole training set at step 0 and after the last SGD step");

    public static readonly Metric TrainLoss = Metric.Of("train_loss", "1",
        "training runs: mean cross-entropy on the whole training set at step 0 and after the last SGD step");

    public static readonly Metric TrainClasses = Metric.Of("train_classes", "1", "training runs: classes of the synthetic task (chance = 1 / classes), at step 0");

    public static readonly Metric ActivationM2 = Metric.Of("act_m2", "1", "E(F_l^2), second moment of layer l's output (step = l; l = 0 is the input)");

    public static readonly Metric ActivationM2Se = Metric.Of("act_m2_se", "1", "standard error over nets of act_m2 (step = l)");

    public static readonly Metric PreActivationM2 = Metric.Of("pre_m2", "1", "E(h_l^2), second moment of layer l's pre-activation (step = l)");

    public static readonly Metric PreActivationM2Se = Metric.Of("pre_m2_se", "1", "standard error over nets of pre_m2 (step = l)");

    public static readonly Metric ActivationGradientM2 = Metric.Of("grad_act_m2", "1",
        "E(dL/dF_l)^2, second moment of the gradient at layer l's output for a random cotangent at the top (step = l)");

    public static readonly Metric ActivationGradientM2Se = Metric.Of("grad_act_m2_se", "1", "standard error over nets of grad_act_m2 (step = l)");

    public static readonly Metric PreActivationGradientM2 = Metric.Of("grad_pre_m2", "1",
        "E(dL/dh_l)^2, second moment of the gradient at layer l's pre-activation (step = l)");

    public static readonly Metric PreActivationGradientM2Se = Metric.Of("grad_pre_m2_se", "1", "standard error over nets of grad_pre_m2 (step = l)");

    /// <summary>Each per-layer moment with its standard error.</summary>
    internal static readonly Moment Activation = new(ActivationM2, ActivationM2Se);

    internal static readonly Moment PreActivation = new(PreActivationM2, PreActivationM2Se);

    internal static readonly Moment ActivationGradient = new(ActivationGradientM2, ActivationGradientM2Se);

    internal static readonly Moment PreActivationGradient = new(PreActivationGradientM2, PreActivationGradientM2Se);

    public static readonly MetricSet All = MetricSet.Of("signal-propagation", typeof(SignalPropagationMetrics));
}

/// <summary>A per-layer moment: its mean over nets and the standard error of that mean.</summary>
internal sealed record Moment(Metric Mean, Metric StandardError);

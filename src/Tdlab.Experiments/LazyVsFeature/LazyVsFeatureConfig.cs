using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// Sweep of the lazy-vs-feature family (seed 002; Geiger, Spigler, Jacot &amp; Wyart 2020): widths m times a log grid
/// of alpha sqrt(m), the trained model F(w, x) = alpha (f(w, x) - f(w0, x)) with the soft-hinge loss scaled by 1/alpha^2.
/// </summary>
public sealed record LazyVsFeatureConfig : ExperimentConfig
{
    /// <summary>"synthetic" (teacher-student: labels of a random tanh teacher), "fashion-mnist" (classes 0-4 vs 5-9), or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    /// <summary>Hidden widths m (three hidden layers each).</summary>
    public int[] Widths { get; init; } = [32, 64, 128];

    /// <summary>Smallest alpha sqrt(m) of the grid.</summary>
    public double ScaleMin { get; init; } = 0.01;

    /// <summary>Largest alpha sqrt(m) of the grid.</summary>
    public double ScaleMax { get; init; } = 100;

    /// <summary>Log-spaced alpha sqrt(m) values.</summary>
    public int ScaleCount { get; init; } = 7;

    /// <summary>alpha sqrt(m) below which a run counts as feature training (for the t_{L/2} fit).</summary>
    public double FeatureRegimeMax { get; init; } = 0.5;

    /// <summary>Input dimension of the synthetic data.</summary>
    public int InputDim { get; init; } = 10;

    public int TrainSize { get; init; } = 128;

    public int TestSize { get; init; } = 512;

    /// <summary>Examples of the training set on which the empirical NTK is probed.</summary>
    public int ProbeSize { get; init; } = 16;

    /// <summary>
    /// Gradient-descent step in units of the regime's time scale: eta = step-size * min(1, alpha sqrt(m)), since
    /// the dynamics run on the time scale t_c ~ alpha sqrt(m) in the feature regime and O(1) in the lazy one.
    /// </summary>
    public double StepSize { get; init; } = 0.1;

    /// <summary>Stop when the loss falls below this fraction of its initial value ...</summary>
    public double StopRatio { get; init; } = 0.02;

    /// <summary>... or after this many full-batch steps.</summary>
    public int MaxSteps { get; init; } = 300;

    /// <summary>Softplus sharpness of the activation sigma(z) = (a / beta) ln(1 + e^{beta z}).</summary>
    public double Beta { get; init; } = 5;

    /// <summary>Activation gain a (1.404 keeps the second moment of the preactivations at 1 through the layers).</summary>
    public double Gain { get; init; } = 1.404;

    /// <summary>Sharpness of the soft hinge sp_beta(1 - F y).</summary>
    public double HingeBeta { get; init; } = 5;
}

using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// What every run of lazy-vs-feature shares (seed 002; Geiger, Spigler, Jacot &amp; Wyart 2020): the Geiger net
/// (three softplus hidden layers, NTK parametrisation) trained as F(w, x) = alpha (f(w, x) - f(w0, x)) by full-batch
/// gradient descent on the soft-hinge loss scaled by 1/alpha^2. The sweep (<see cref="LazyVsFeatureConfig"/>) and
/// each run (<see cref="LazyVsFeatureRun"/>) derive from it.
/// </summary>
public record LazyVsFeatureSettings : ExperimentConfig
{
    /// <summary>"synthetic" (teacher-student: labels of a random tanh teacher), "fashion-mnist" (classes 0-4 vs 5-9), or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    /// <summary>alpha sqrt(m) at or below which a run counts as feature training (for the t_{L/2} fit).</summary>
    [Positive]
    public double FeatureRegimeMax { get; init; } = 0.5;

    /// <summary>Input dimension of the synthetic data.</summary>
    [Positive]
    public int InputDim { get; init; } = 10;

    [AtLeast(2)]
    public int TrainSize { get; init; } = 128;

    [Positive]
    public int TestSize { get; init; } = 512;

    /// <summary>Examples of the training set on which the empirical NTK is probed (at most train-size).</summary>
    [Positive]
    public int ProbeSize { get; init; } = 16;

    /// <summary>
    /// Gradient-descent step in units of the regime's time scale: eta = step-size * min(1, alpha sqrt(m)), since
    /// the dynamics run on the time scale t_c ~ alpha sqrt(m) in the feature regime and O(1) in the lazy one.
    /// </summary>
    [Positive]
    public double StepSize { get; init; } = 0.1;

    /// <summary>
    /// Largest multiple of step-size: eta = step-size * min(step-cap, alpha sqrt(m)). The default 1 is the original
    /// rule; a larger cap lets the lazy runs (alpha sqrt(m) &gt; 1, whose dynamics run on an O(1) time scale) reach the stop
    /// criterion in fewer steps.
    /// </summary>
    [OmitWhenDefault]
    [Positive]
    public double StepCap { get; init; } = 1;

    /// <summary>Stop when the loss falls below this fraction of its initial value ...</summary>
    [Between(0, 1)]
    public double StopRatio { get; init; } = 0.02;

    /// <summary>... or after this many full-batch steps.</summary>
    [Positive]
    public int MaxSteps { get; init; } = 300;

    /// <summary>Softplus sharpness of the activation sigma(z) = (a / beta) ln(1 + e^{beta z}).</summary>
    [Positive]
    public double Beta { get; init; } = 5;

    /// <summary>Activation gain a (1.404 keeps the second moment of the preactivations at 1 through the layers).</summary>
    [Positive]
    public double Gain { get; init; } = 1.404;

    /// <summary>Sharpness of the soft hinge sp_beta(1 - F y).</summary>
    [Positive]
    public double HingeBeta { get; init; } = 5;
}

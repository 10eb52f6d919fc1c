using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// Sweep of the signal-propagation family (seed 002 "Matrix Recursion"; seed 004 section 2.2): wide random ReLU nets at
/// rho = n E(W^2)/2 below, at and above 1, and random tanh nets at sample points of the (sigma_w^2, sigma_b^2) plane.
/// </summary>
public sealed record SignalPropagationConfig : SignalPropagationSettings
{
    /// <summary>ReLU: layers of the random nets.</summary>
    [Positive]
    public int ReluLayers { get; init; } = 20;

    /// <summary>ReLU: rho = n E(W^2) / 2 per run.</summary>
    [Positive]
    public double[] Rhos { get; init; } = [0.8, 1.0, 1.2];

    /// <summary>ReLU: E(B^2), the bias variance.</summary>
    [NonNegative]
    public double BiasVariance { get; init; } = 0.1;

    /// <summary>ReLU: independent random nets averaged per run (the recursion is an expectation over weights).</summary>
    [Positive]
    public int ReluNets { get; init; } = 128;

    /// <summary>ReLU: inputs x ~ N(0, I_n) per net.</summary>
    [Positive]
    public int ReluBatch { get; init; } = 2;

    /// <summary>tanh: sample points' sigma_w^2 values (crossed with tanh-bias-variances).</summary>
    [Positive]
    public double[] TanhWeightVariances { get; init; } = [0.5, 1.0, 2.5, 4.0];

    /// <summary>tanh: sample points' sigma_b^2 values.</summary>
    [NonNegative]
    public double[] TanhBiasVariances { get; init; } = [0.05, 0.3];

    /// <summary>tanh: layers of the random nets (at least 2: the growth is a slope over layers).</summary>
    [AtLeast(2)]
    public int TanhLayers { get; init; } = 30;

    /// <summary>tanh: inputs per net (pre-activations h_0 ~ N(0, q*)).</summary>
    [Positive]
    public int TanhBatch { get; init; } = 16;

    /// <summary>tanh: random nets per sample point.</summary>
    [Positive]
    public int TanhNets { get; init; } = 1;

    /// <summary>Training sub-study: depths L of the trained tanh MLPs (hidden layers); empty (the default) switches the sub-study off.</summary>
    [OmitWhenDefault]
    [Positive]
    public int[] TrainDepths { get; init; } = [];

    /// <summary>Training sub-study: sigma_w^2 of the trained nets (one ensemble over these per depth and replicate).</summary>
    [OmitWhenDefault]
    [Positive]
    public double[] TrainWeightVariances { get; init; } = [0.5, 0.75, 1.0, 3.0];

    /// <summary>Training sub-study: sigma_b^2 of the trained nets (fixed, as Schoenholz et al.'s 0.05).</summary>
    [OmitWhenDefault]
    [NonNegative]
    public double TrainBiasVariance { get; init; } = 0.05;

    /// <summary>Training sub-study: hidden width of the trained nets.</summary>
    [OmitWhenDefault]
    [Positive]
    public int TrainWidth { get; init; } = 64;

    /// <summary>Training sub-study: SGD steps (fixed in advance, every cell the same).</summary>
    [OmitWhenDefault]
    [Positive]
    public int TrainSteps { get; init; } = 200;

    /// <summary>Training sub-study: minibatch size.</summary>
    [OmitWhenDefault]
    [Positive]
    public int TrainBatch { get; init; } = 16;

    /// <summary>Training sub-study: SGD learning rate.</summary>
    [OmitWhenDefault]
    [Positive]
    public double TrainLearningRate { get; init; } = 0.05;

    /// <summary>Training sub-study: training examples of the synthetic Gaussian mixture.</summary>
    [OmitWhenDefault]
    [Positive]
    public int TrainExamples { get; init; } = 256;

    /// <summary>Training sub-study: input dimension of the synthetic Gaussian mixture.</summary>
    [OmitWhenDefault]
    [Positive]
    public int TrainInputDim { get; init; } = 16;

    /// <summary>Training sub-study: classes of the synthetic Gaussian mixture.</summary>
    [OmitWhenDefault]
    [AtLeast(2)]
    public int TrainClasses { get; init; } = 4;
}

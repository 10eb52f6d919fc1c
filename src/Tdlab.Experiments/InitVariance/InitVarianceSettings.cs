using Tdlab.Experiments.Common;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.InitVariance;

/// <summary>
/// What every run of init-variance shares: a ReLU MLP of <see cref="Depth"/> hidden layers of <see cref="Width"/>
/// trained by minibatch SGD with softmax cross-entropy. The sweep (<see cref="InitVarianceConfig"/>) and each run
/// (<see cref="InitVarianceRun"/>) derive from it.
/// </summary>
public record InitVarianceSettings : ExperimentConfig
{
    /// <summary>"synthetic" (Gaussian mixture), "fashion-mnist", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    /// <summary>Hidden layers.</summary>
    [Positive]
    public int Depth { get; init; } = 6;

    [Positive]
    public int Width { get; init; } = 128;

    [Positive]
    public int Epochs { get; init; } = 8;

    [Positive]
    public int BatchSize { get; init; } = 64;

    [Positive]
    public double LearningRate { get; init; } = 0.05;

    [Positive]
    public int TrainSize { get; init; } = 4096;

    [Positive]
    public int TestSize { get; init; } = 1024;

    /// <summary>Input dimension of the synthetic data.</summary>
    [Positive]
    public int InputDim { get; init; } = 64;

    /// <summary>Classes of the synthetic data.</summary>
    [AtLeast(2)]
    public int Classes { get; init; } = 10;

    public Precision Precision { get; init; } = Precision.Float32;
}

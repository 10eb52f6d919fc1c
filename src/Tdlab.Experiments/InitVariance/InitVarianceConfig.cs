using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.InitVariance;

/// <summary>
/// Sweep of the init-variance family (seed 000 topic 1; seed 002 variance recursion): a ReLU MLP with
/// weights N(0, sigma^2), sigma on a log grid, beside Xavier-normal and Kaiming-normal (fan_in).
/// </summary>
public sealed record InitVarianceConfig : ExperimentConfig
{
    /// <summary>"synthetic" (Gaussian mixture), "fashion-mnist", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    /// <summary>Hidden layers.</summary>
    public int Depth { get; init; } = 6;

    public int Width { get; init; } = 128;

    public double SigmaMin { get; init; } = 1e-3;

    public double SigmaMax { get; init; } = 10;

    /// <summary>Log-spaced sigma values from sigma-min to sigma-max.</summary>
    public int SigmaCount { get; init; } = 9;

    /// <summary>Named schemes run beside the sigma sweep.</summary>
    public string[] Schemes { get; init; } = ["xavier", "kaiming"];

    public int Epochs { get; init; } = 8;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 0.05;

    public int TrainSize { get; init; } = 4096;

    public int TestSize { get; init; } = 1024;

    /// <summary>Input dimension of the synthetic data.</summary>
    public int InputDim { get; init; } = 64;

    /// <summary>Classes of the synthetic data.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>"float32" or "float64".</summary>
    public string Precision { get; init; } = "float32";
}

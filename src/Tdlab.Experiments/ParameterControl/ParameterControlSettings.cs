using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>
/// What every parameter-control run shares: the three-layer family's data, net and optimiser (seed 003, ch. 4: d = 10,
/// SGD without momentum, batch 32, lr 5e-4 on 1/2 sum (y - f)^2), and the 2-D toy's noisy descent.
/// </summary>
public record ParameterControlSettings : ExperimentConfig
{
    [Positive]
    public int InputDim { get; init; } = 10;

    [Positive]
    public int Width { get; init; } = 100;

    [Positive]
    public int Steps { get; init; } = 12000;

    [Positive]
    public int BatchSize { get; init; } = 32;

    [Positive]
    public double LearningRate { get; init; } = 5e-4;

    [AtLeast(32)]
    public int TrainSize { get; init; } = 1000;

    [Positive]
    public int ValidationSize { get; init; } = 500;

    [Positive]
    public int LogEvery { get; init; } = 400;

    /// <summary>Toy: steps of noisy gradient descent.</summary>
    [Positive]
    public int ToySteps { get; init; } = 4000;

    /// <summary>Toy: step size.</summary>
    [Positive]
    public double ToyRate { get; init; } = 0.01;

    /// <summary>Toy: standard deviation sigma of the Gaussian noise added to each gradient component (SGD's noise, emulated).</summary>
    [NonNegative]
    public double ToyNoise { get; init; } = 0.1;

    /// <summary>Toy: independent noisy trajectories per run (replicate).</summary>
    [Positive]
    public int ToyTrajectories { get; init; } = 10;
}

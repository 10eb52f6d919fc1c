using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// What every run of implicit-bias shares: the separable data's size and gap, the gradient-descent steps and step
/// size, and the checkpoint density. The sweep (<see cref="ImplicitBiasConfig"/>) and each run
/// (<see cref="ImplicitBiasRun"/>) derive from it; a net run carries the net's steps and step size in
/// <see cref="Steps"/> and <see cref="LearningRate"/>.
/// </summary>
public record ImplicitBiasSettings : ExperimentConfig
{
    /// <summary>Training points n.</summary>
    [AtLeast(4)]
    public int Points { get; init; } = 100;

    /// <summary>Points with teacher score |u.x + b| below this gap are redrawn (a margin in raw units).</summary>
    [NonNegative]
    public double Gap { get; init; } = 0.5;

    /// <summary>Gradient-descent steps of the linear model; checkpoints are log-spaced.</summary>
    [AtLeast(10)]
    public int Steps { get; init; } = 100_000;

    /// <summary>Constant step size of the linear model on the mean loss (features have norm &lt;= 1).</summary>
    [Positive]
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Checkpoints per decade of steps.</summary>
    [Positive]
    public int CheckpointsPerDecade { get; init; } = 12;
}

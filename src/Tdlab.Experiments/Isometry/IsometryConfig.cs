using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Isometry;

/// <summary>
/// Sweep of the isometry family (seed 000 topic 2; seed 004): deep square MLPs of every depth, activation and
/// initialisation; the input-output Jacobian spectrum of the hidden stack at initialisation for all of them,
/// and training at <see cref="TrainDepth"/> for <see cref="TrainActivations"/>.
/// </summary>
public sealed record IsometryConfig : IsometrySettings
{
    /// <summary>Hidden layers L of the spectrum sweep.</summary>
    [NotEmpty]
    [Positive]
    public int[] Depths { get; init; } = [10, 50, 100];

    public Nonlinearity[] Activations { get; init; } = [Nonlinearity.Linear, Nonlinearity.Tanh, Nonlinearity.Relu];

    public WeightInit[] Inits { get; init; } = [WeightInit.Gaussian, WeightInit.Orthogonal];

    /// <summary>Depth of the training comparison (must be one of the depths).</summary>
    [Positive]
    public int TrainDepth { get; init; } = 100;

    /// <summary>Activations trained at <see cref="TrainDepth"/>, with both initialisations.</summary>
    public Nonlinearity[] TrainActivations { get; init; } = [Nonlinearity.Tanh, Nonlinearity.Relu];

    /// <summary>
    /// Learning rates of the training comparison, each init trained at every one (a small sweep; the claim compares each
    /// init at its own best). Empty (the default, as sweeps stored before were written): the single learning-rate.
    /// </summary>
    [Positive]
    public double[] LearningRates { get; init; } = [];

    /// <summary>The learning rates the grid trains at.</summary>
    public double[] TrainLearningRates => LearningRates.Length > 0 ? LearningRates : [LearningRate];
}

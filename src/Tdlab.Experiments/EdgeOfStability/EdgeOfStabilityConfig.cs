using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// The sweep: one GD run per step size in <see cref="LearningRates"/>, one heavy-ball run per step size in
/// <see cref="MomentumLearningRates"/>, and one gradient-flow run per seed (the control, run to the time
/// min(learning-rates) * steps), all from the same initial net within a seed.
/// </summary>
public sealed record EdgeOfStabilityConfig : EdgeOfStabilitySettings
{
    [NotEmpty]
    [Positive]
    public double[] LearningRates { get; init; } = [2.0 / 30, 2.0 / 50, 2.0 / 70];

    [Positive]
    public double[] MomentumLearningRates { get; init; } = [2.0 / 150];

    /// <summary>Whether to run the gradient-flow control.</summary>
    public bool Flow { get; init; } = true;
}

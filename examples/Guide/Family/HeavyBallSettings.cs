using Tdlab.Lab.Specs;

namespace Tdlab.Guide.Family;

/// <summary>What every run shares: f(x) = (x_1^2 + kappa x_2^2) / 2 from a random start, for a number of steps.</summary>
public record HeavyBallSettings : ExperimentConfig
{
    [AtLeast(1)] public double Condition { get; init; } = 100;

    [Positive] public int Steps { get; init; } = 200;
}

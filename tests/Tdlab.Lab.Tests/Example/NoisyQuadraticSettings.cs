using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Tests.Example;

/// <summary>What every run shares: SGD on f(x) = a x^2 / 2 with Gaussian gradient noise of std sigma, for a number of steps.</summary>
public record NoisyQuadraticSettings : ExperimentConfig
{
    [Positive]
    public double Curvature { get; init; } = 1;

    [NonNegative]
    public double NoiseStd { get; init; } = 0.1;

    [Positive]
    public int Steps { get; init; } = 4000;
}

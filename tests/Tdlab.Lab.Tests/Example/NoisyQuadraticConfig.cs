using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Tests.Example;

/// <summary>The sweep: the shared settings and the swept axis, learning rates.</summary>
public sealed record NoisyQuadraticConfig : NoisyQuadraticSettings
{
    [NotEmpty]
    [Positive]
    public double[] LearningRates { get; init; } = [0.05, 0.1, 0.2, 0.4];
}

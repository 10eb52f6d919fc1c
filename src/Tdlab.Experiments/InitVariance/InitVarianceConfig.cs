using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.InitVariance;

/// <summary>
/// The init-variance sweep (seed 000 topic 1; seed 002 variance recursion): the shared settings, weights N(0, sigma^2)
/// for sigma on a log grid, beside the named schemes.
/// </summary>
public sealed record InitVarianceConfig : InitVarianceSettings
{
    [Positive]
    public double SigmaMin { get; init; } = 1e-3;

    [Positive]
    public double SigmaMax { get; init; } = 10;

    /// <summary>Log-spaced sigma values from sigma-min to sigma-max.</summary>
    [Positive]
    [AtMost(10_000)]
    public int SigmaCount { get; init; } = 9;

    /// <summary>Named schemes run beside the sigma sweep (xavier, kaiming).</summary>
    public Scheme[] Schemes { get; init; } = [Scheme.Xavier, Scheme.Kaiming];
}

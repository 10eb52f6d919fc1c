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

    /// <summary>
    /// Per-sigma-tuned control: the sigma sweep is also trained at learning-rate / control-rate-step^k for k = 1..this, and
    /// each sigma keeps its best rate. 0 (the default, as before) runs no control.
    /// </summary>
    [OmitWhenDefault]
    [NonNegative]
    [AtMost(8)]
    public int ControlRates { get; init; }

    /// <summary>Factor between successive learning rates of the tuned control.</summary>
    [OmitWhenDefault]
    [AtLeast(1.5)]
    public double ControlRateStep { get; init; } = 100;

    /// <summary>Named schemes run beside the sigma sweep (xavier, kaiming).</summary>
    public Scheme[] Schemes { get; init; } = [Scheme.Xavier, Scheme.Kaiming];
}

using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// Sweep of the implicit-bias family (seed 002; Soudry et al. 2018, Telgarsky 2021 ch. 15, Lyu &amp; Li 2019):
/// full-batch gradient descent from w = 0 on linearly separable data, for each loss and input dimension,
/// beside a 2-homogeneous two-layer ReLU net on the 2-D data.
/// </summary>
public sealed record ImplicitBiasConfig : ImplicitBiasSettings
{
    /// <summary>Input dimensions d of the linear runs (2 for pictures, larger for rates); features are (1, x) / R.</summary>
    [NotEmpty]
    [Positive]
    public int[] Dims { get; init; } = [2, 10];

    public MarginLoss[] Losses { get; init; } = [MarginLoss.Exponential, MarginLoss.Logistic];

    /// <summary>Hidden units of the homogeneous ReLU net f(x) = sum_j a_j relu(v_j . x); 0 skips the net.</summary>
    [NonNegative]
    public int NetWidth { get; init; } = 32;

    /// <summary>Gradient-descent steps of the net (at least 10 when the net runs).</summary>
    public int NetSteps { get; init; } = 20_000;

    /// <summary>
    /// Base step size of the net. The step grows as the loss falls, eta_t = min(eta / L(theta_t), net-max-learning-rate)
    /// (the loss-scaled schedule of Lyu &amp; Li 2019, sec. 6), so the slow 1/ln t phase is reached in few steps.
    /// </summary>
    [Positive]
    public double NetLearningRate { get; init; } = 0.05;

    /// <summary>Cap of the net's growing step size.</summary>
    [Positive]
    public double NetMaxLearningRate { get; init; } = 1e3;

    /// <summary>Standard deviation of the net's initial weights (nonzero: theta = 0 is a saddle).</summary>
    [Positive]
    public double NetInitScale { get; init; } = 0.5;
}

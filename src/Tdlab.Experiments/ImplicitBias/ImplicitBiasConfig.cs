using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// Sweep of the implicit-bias family (seed 002; Soudry et al. 2018, Telgarsky 2021 ch. 15, Lyu &amp; Li 2019):
/// full-batch gradient descent from w = 0 on linearly separable data, for each loss and input dimension,
/// beside a 2-homogeneous two-layer ReLU net on the 2-D data.
/// </summary>
public sealed record ImplicitBiasConfig : ExperimentConfig
{
    /// <summary>Input dimensions d of the linear runs (2 for pictures, larger for rates); features are (1, x) / R.</summary>
    public int[] Dims { get; init; } = [2, 10];

    /// <summary>"exponential" (e^{-z}) and/or "logistic" (ln(1 + e^{-z})).</summary>
    public string[] Losses { get; init; } = ["exponential", "logistic"];

    /// <summary>Training points n.</summary>
    public int Points { get; init; } = 100;

    /// <summary>Points with teacher score |u.x + b| below this gap are redrawn (a margin in raw units).</summary>
    public double Gap { get; init; } = 0.5;

    /// <summary>Gradient-descent steps of the linear model; checkpoints are log-spaced.</summary>
    public int Steps { get; init; } = 100_000;

    /// <summary>Constant step size of the linear model on the mean loss (features have norm &lt;= 1).</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Checkpoints per decade of steps.</summary>
    public int CheckpointsPerDecade { get; init; } = 12;

    /// <summary>Hidden units of the homogeneous ReLU net f(x) = sum_j a_j relu(v_j . x); 0 skips the net.</summary>
    public int NetWidth { get; init; } = 32;

    /// <summary>Gradient-descent steps of the net.</summary>
    public int NetSteps { get; init; } = 20_000;

    /// <summary>
    /// Base step size of the net. The step grows as the loss falls, eta_t = min(eta / L(theta_t), net-max-learning-rate)
    /// (the loss-scaled schedule of Lyu &amp; Li 2019, sec. 6), so the slow 1/ln t phase is reached in few steps.
    /// </summary>
    public double NetLearningRate { get; init; } = 0.05;

    /// <summary>Cap of the net's growing step size.</summary>
    public double NetMaxLearningRate { get; init; } = 1e3;

    /// <summary>Standard deviation of the net's initial weights (nonzero: theta = 0 is a saddle).</summary>
    public double NetInitScale { get; init; } = 0.5;
}

using Tdlab.Experiments.Common;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Isometry;

/// <summary>
/// What every run of isometry shares: square MLPs of width <see cref="Width"/>, the tanh fixed point, the spectrum
/// probe, the task and the training settings of the depth-L comparison. The sweep (<see cref="IsometryConfig"/>) and
/// each run (<see cref="IsometryRun"/>) derive from it; a run that does not train carries 0 (and precision "") in
/// the training settings, and a run that is not tanh q* = 0, so their identities do not depend on them.
/// </summary>
public record IsometrySettings : ExperimentConfig
{
    /// <summary>Hidden width n; the input dimension is n too, so the hidden-stack Jacobian is (n, n).</summary>
    [AtLeast(2)]
    public int Width { get; init; } = 128;

    /// <summary>Fixed point q* of the tanh length map; (sigma_w, sigma_b) follow from chi = 1 (Pennington et al. 2017 use 1/64).</summary>
    [Positive]
    public double QStar { get; init; } = 1.0 / 64;

    /// <summary>Random inputs at which the Jacobian is taken; their spectra are pooled.</summary>
    [Positive]
    public int SpectrumInputs { get; init; } = 2;

    /// <summary>"synthetic" (Gaussian mixture in n dimensions), "fashion-mnist", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    [Positive]
    public int TrainSize { get; init; } = 1024;

    [Positive]
    public int TestSize { get; init; } = 256;

    /// <summary>Classes of the synthetic data.</summary>
    [AtLeast(2)]
    public int Classes { get; init; } = 4;

    /// <summary>SGD steps of the training comparison.</summary>
    [NonNegative]
    public int Steps { get; init; } = 200;

    [Positive]
    public int BatchSize { get; init; } = 32;

    [Positive]
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Heavy-ball momentum of SGD.</summary>
    [Between(0, 1)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>Per-layer gradient norms are logged at steps 0..gradient-steps of training.</summary>
    [NonNegative]
    public int GradientSteps { get; init; } = 5;

    /// <summary>The training loss over the whole training set is logged every this many steps.</summary>
    [Positive]
    public int EvalEvery { get; init; } = 20;

    /// <summary>Training precision, float32 or float64 (spectra at initialisation are always float64).</summary>
    public Precision Precision { get; init; } = Precision.Float32;
}

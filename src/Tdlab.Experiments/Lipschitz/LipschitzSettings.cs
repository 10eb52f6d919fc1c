using Tdlab.Lab.Specs;
using Tdlab.Nn;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// What every run of lipschitz carries (seed 000, topic 4): an MLP of <see cref="Depth"/> hidden layers of
/// <see cref="Width"/> on classification data, trained by <see cref="Optimizer"/> and probed for its spectral norms and
/// Lipschitz bounds. The values here are those of the training variants; a width-sweep run overrides the model and
/// training settings with the sweep's (the grid does). The sweep (<see cref="LipschitzConfig"/>) and each run
/// (<see cref="LipschitzRun"/>) derive from it.
/// </summary>
public record LipschitzSettings : ExperimentConfig
{
    /// <summary>"synthetic" (Gaussian mixture), "fashion-mnist", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    /// <summary>Input dimension of the synthetic data.</summary>
    [Positive]
    public int InputDim { get; init; } = 32;

    /// <summary>Classes of the synthetic data.</summary>
    [AtLeast(2)]
    public int Classes { get; init; } = 10;

    /// <summary>relu or tanh (both 1-Lipschitz), or any activation SpectralNorms knows.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Examples of the training set in the lower-bound batch (input-Jacobian norms).</summary>
    [Positive]
    public int ProbeSize { get; init; } = 128;

    /// <summary>Hidden layers of the MLP.</summary>
    [Positive]
    public int Depth { get; init; } = 2;

    [Positive]
    public int Width { get; init; } = 128;

    [Positive]
    public int Epochs { get; init; } = 10;

    [Positive]
    public int BatchSize { get; init; } = 64;

    /// <summary>sgd (momentum 0.9) or adam for the variants.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    [Positive]
    public double LearningRate { get; init; } = 0.05;

    /// <summary>L2 coefficient lambda (g + lambda w) of the weight-decay variant.</summary>
    [NonNegative]
    public double WeightDecay { get; init; } = 5e-3;

    /// <summary>Power iterations per training step of spectral normalisation (Miyato et al. use 1).</summary>
    [Positive]
    public int PowerIterations { get; init; } = 1;

    /// <summary>
    /// Power iterations on the current W run (in a no-gradient training-mode forward) just before each probe of a
    /// spectral-norm run, so that the probed W / u^T W v honours its constraint at the probed W; 0 (the default, as
    /// before) probes with the u, v of the last training step, one SGD step behind W. The spectral-norm lag before the
    /// refresh is logged as sn_lag_max.
    /// </summary>
    [OmitWhenDefault]
    [NonNegative]
    public int ProbeRefreshIterations { get; init; }

    [Positive]
    public int TrainSize { get; init; } = 2048;

    [Positive]
    public int TestSize { get; init; } = 1024;
}

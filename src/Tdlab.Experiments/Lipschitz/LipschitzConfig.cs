using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// Sweep of the lipschitz family (seed 000, topic 4): (a) an MLP trained plain, with weight decay and with
/// spectral normalisation, probed every epoch; (b) a width sweep of a one-hidden-layer MLP on a small
/// training set with label noise, trained to (near) interpolation, for double descent in width.
/// </summary>
public sealed record LipschitzConfig : ExperimentConfig
{
    /// <summary>"synthetic" (Gaussian mixture), "fashion-mnist", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    /// <summary>Input dimension of the synthetic data.</summary>
    public int InputDim { get; init; } = 32;

    /// <summary>Classes of the synthetic data.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>"relu" or "tanh" (both 1-Lipschitz), or any activation SpectralNorms knows.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>Examples of the training set in the lower-bound batch (input-Jacobian norms).</summary>
    public int ProbeSize { get; init; } = 128;

    // (a) training variants

    /// <summary>Any of "plain", "weight-decay", "spectral-norm".</summary>
    public string[] Variants { get; init; } = ["plain", "weight-decay", "spectral-norm"];

    /// <summary>Hidden layers of the variant MLP.</summary>
    public int Depth { get; init; } = 2;

    public int Width { get; init; } = 128;

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 64;

    /// <summary>"sgd" (momentum 0.9) or "adam".</summary>
    public string Optimizer { get; init; } = "sgd";

    public double LearningRate { get; init; } = 0.05;

    /// <summary>L2 coefficient lambda (g + lambda w) of the weight-decay variant.</summary>
    public double WeightDecay { get; init; } = 5e-3;

    /// <summary>Power iterations per training step of spectral normalisation (Miyato et al. use 1).</summary>
    public int PowerIterations { get; init; } = 1;

    public int TrainSize { get; init; } = 2048;

    public int TestSize { get; init; } = 1024;

    // (b) width sweep (label noise, small training set)

    /// <summary>
    /// "min-norm" (default): random features, the hidden layers stay at their initial weights and the last layer is
    /// the minimum-norm least-squares fit to the one-hot noisy labels (Belkin et al. 2019; the test error peaks
    /// where the features width + 1 cross sweep-train-size); "adam": every layer trained with Adam on cross-entropy.
    /// </summary>
    public string SweepOptimizer { get; init; } = "min-norm";

    /// <summary>Hidden widths of the sweep (spanning the interpolation threshold width + 1 = sweep-train-size); empty skips it.</summary>
    public int[] Widths { get; init; } = [8, 16, 32, 64, 128, 192, 240, 255, 272, 320, 512, 1024, 2048];

    public int SweepDepth { get; init; } = 1;

    public int SweepTrainSize { get; init; } = 256;

    public int SweepTestSize { get; init; } = 1024;

    /// <summary>Fraction of training labels replaced by a uniformly random class.</summary>
    public double LabelNoise { get; init; } = 0.2;

    /// <summary>Epochs of the "adam" sweep (the "min-norm" fit is one closed-form step).</summary>
    public int SweepEpochs { get; init; } = 200;

    public int SweepBatchSize { get; init; } = 64;

    /// <summary>Adam ("adam" sweep only).</summary>
    public double SweepLearningRate { get; init; } = 3e-3;

    /// <summary>Probe and evaluate every this many epochs of the sweep (and at the last).</summary>
    public int SweepLogEvery { get; init; } = 50;
}

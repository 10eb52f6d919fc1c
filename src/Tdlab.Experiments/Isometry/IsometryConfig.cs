using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Isometry;

/// <summary>
/// Sweep of the isometry family (seed 000 topic 2; seed 004): deep square MLPs of every depth, activation and
/// initialisation; the input-output Jacobian spectrum of the hidden stack at initialisation for all of them,
/// and training at <see cref="TrainDepth"/> for <see cref="TrainActivations"/>.
/// </summary>
public sealed record IsometryConfig : ExperimentConfig
{
    /// <summary>Hidden layers L of the spectrum sweep.</summary>
    public int[] Depths { get; init; } = [10, 50, 100];

    /// <summary>Hidden width n; the input dimension is n too, so the hidden-stack Jacobian is (n, n).</summary>
    public int Width { get; init; } = 128;

    /// <summary>"linear", "tanh", "relu".</summary>
    public string[] Activations { get; init; } = ["linear", "tanh", "relu"];

    /// <summary>"gaussian" (linear: sigma_w = 1; tanh: critical; relu: Kaiming) and "orthogonal" (the same gain).</summary>
    public string[] Inits { get; init; } = ["gaussian", "orthogonal"];

    /// <summary>Fixed point q* of the tanh length map; (sigma_w, sigma_b) follow from chi = 1 (Pennington et al. 2017 use 1/64).</summary>
    public double QStar { get; init; } = 1.0 / 64;

    /// <summary>Random inputs at which the Jacobian is taken; their spectra are pooled.</summary>
    public int SpectrumInputs { get; init; } = 2;

    /// <summary>Depth of the training comparison (must be one of the depths).</summary>
    public int TrainDepth { get; init; } = 100;

    /// <summary>Activations trained at <see cref="TrainDepth"/>, with both initialisations.</summary>
    public string[] TrainActivations { get; init; } = ["tanh", "relu"];

    /// <summary>SGD steps of the training comparison.</summary>
    public int Steps { get; init; } = 200;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 0.001;

    /// <summary>Heavy-ball momentum of SGD.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Per-layer gradient norms are logged at steps 0..gradient-steps of training.</summary>
    public int GradientSteps { get; init; } = 5;

    /// <summary>The training loss over the whole training set is logged every this many steps.</summary>
    public int EvalEvery { get; init; } = 20;

    /// <summary>"synthetic" (Gaussian mixture in n dimensions), "fashion-mnist", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "synthetic";

    public int TrainSize { get; init; } = 1024;

    public int TestSize { get; init; } = 256;

    /// <summary>Classes of the synthetic data.</summary>
    public int Classes { get; init; } = 4;

    /// <summary>Training precision, "float32" or "float64" (spectra at initialisation are always float64).</summary>
    public string Precision { get; init; } = "float32";
}

using Tdlab.Experiments.Common;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// What every run of edge-of-stability shares (Cohen et al. 2021, "Gradient descent on neural networks typically occurs
/// at the edge of stability"): a fixed subset of the data (the first <see cref="Examples"/> training images, optionally
/// average-pooled), a tanh MLP of <see cref="Depth"/> hidden layers of <see cref="Width"/> (PyTorch default init), the
/// loss 1/2 sum_c (f_c - y_c)^2 on one-hot targets averaged over examples, the number of steps, and the sharpness
/// schedule (top Hessian eigenvalue of the full-batch loss by warm-started Lanczos every <see cref="SharpnessEvery"/> steps).
/// </summary>
public record EdgeOfStabilitySettings : ExperimentConfig
{
    /// <summary>fashion-mnist (default), synthetic (a Gaussian mixture, for tests), or an MNIST-format folder.</summary>
    public string Data { get; init; } = "fashion-mnist";

    /// <summary>Training examples: the first n of the training split, the same for every run and seed.</summary>
    [AtLeast(10)]
    public int Examples { get; init; } = 5000;

    /// <summary>Average pooling of the 28 x 28 images by pool x pool blocks (1: the 784 raw pixels; 4: 7 x 7 = 49 inputs).</summary>
    [Between(1, 28)]
    public int Pool { get; init; } = 1;

    /// <summary>Input dimension of synthetic data (images have 784 / pool^2).</summary>
    [Positive]
    public int SyntheticDim { get; init; } = 20;

    [Positive]
    public int Width { get; init; } = 200;

    [Positive]
    public int Depth { get; init; } = 2;

    /// <summary>Gradient steps of GD and momentum runs; gradient flow runs to the time min(eta) * steps.</summary>
    [AtLeast(10)]
    public int Steps { get; init; } = 5000;

    /// <summary>Steps between sharpness estimates (step 0 and the last step are always estimated).</summary>
    [Positive]
    public int SharpnessEvery { get; init; } = 50;

    /// <summary>Lanczos stops when the Ritz residual bound is below this fraction of ||T|| (or after 100 steps).</summary>
    [Positive]
    public double LanczosTolerance { get; init; } = 1e-4;

    /// <summary>Heavy-ball coefficient beta of the momentum runs.</summary>
    [Between(0, 0.99)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>
    /// Gradient flow's RK4 step is flow-step-factor / sharpness: along the top eigendirection RK4's relative error per step is
    /// about (h lambda)^5 / 120, 3e-4 at 0.5.
    /// </summary>
    [Positive]
    public double FlowStepFactor { get; init; } = 0.5;

    /// <summary>
    /// Gradient flow stops once its sharpness reaches flow-stop * 2/eta_min (past every threshold of the sweep: the flow claim
    /// is then decided for that seed). 1.5 before this setting existed.
    /// </summary>
    [OmitWhenDefault]
    [Positive]
    public double FlowStop { get; init; } = 1.5;

    /// <summary>
    /// The precision of training, gradients and Hessian-vector products: float64 (before this setting existed) or float32 (as
    /// Cohen et al. ran, PyTorch's default). Lanczos' recurrence, its reorthogonalisation and the flow's RK4 state stay in float64.
    /// </summary>
    [OmitWhenDefault]
    public Precision Precision { get; init; } = Precision.Float64;
}

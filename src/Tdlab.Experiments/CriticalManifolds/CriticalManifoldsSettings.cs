using Tdlab.Experiments.Common;
using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// What every run of critical-manifolds shares: deep tanh nets of width N and depth L on the critical line chi = 1, the
/// data, the probes (s_max of the hidden-layer Jacobian, lambda_max of the Fisher) and the training settings. A run
/// at initialisation carries 0 (precision none) in the training settings, so its identity does not depend on them;
/// a Euclidean run carries 0 in the manifold settings.
/// </summary>
public record CriticalManifoldsSettings : ExperimentConfig
{
    /// <summary>Hidden width N (the seed's 400).</summary>
    [AtLeast(2)]
    public int Width { get; init; } = 32;

    /// <summary>Hidden layers L (the seed's 200).</summary>
    [Positive]
    public int Depth { get; init; } = 10;

    /// <summary>"fashion-mnist" (the default; the seed's CIFAR-10 is not installable here), "synthetic", or an MNIST-format folder.</summary>
    public string Data { get; init; } = "fashion-mnist";

    [Positive]
    public int TrainSize { get; init; } = 2000;

    [Positive]
    public int TestSize { get; init; } = 500;

    /// <summary>Classes of the synthetic data (image data bring their own).</summary>
    [AtLeast(2)]
    public int Classes { get; init; } = 10;

    /// <summary>Training examples (the first rows) at which the Jacobian J = dx_L/dx_0 is taken; s_max is the largest over them.</summary>
    [Positive]
    public int JacobianInputs { get; init; } = 2;

    /// <summary>Training examples (the first rows) over which the Fisher G = (1/B) sum_b J_b^T H_b J_b is taken.</summary>
    [Positive]
    public int FisherBatch { get; init; } = 32;

    /// <summary>Lanczos steps for lambda_max(G) and each block's lambda_max (0: Lanczos's default, min(P, 42)).</summary>
    [NonNegative]
    public int LanczosSteps { get; init; } = 20;

    /// <summary>
    /// At initialisation, also every diagonal block's lambda_max(G_aa) and the Gershgorin bound (eqs. 10-12, 26-31). Costs
    /// about depth^2 layer passes per Lanczos step (block a's product runs through the layers above it): minutes per net at
    /// depth 200, so the full preset leaves it off (the gershgorin-bound check then runs at quick scale only).
    /// </summary>
    [OmitWhenDefault]
    public bool BlockSpectra { get; init; } = true;

    /// <summary>Optimiser steps (minibatches) of a trained run (0: no training; a run at initialisation carries 0).</summary>
    [NonNegative]
    public int Steps { get; init; } = 200;

    [NonNegative]
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// Adam's rate for every Euclidean parameter (all weights of a Euclidean net; biases, scales and the read-out of a manifold
    /// net): 3e-3, the best final training loss of the sweep 3e-4, 1e-3, 3e-3, 1e-2 (replicate 0, q* = 1/64, quick scale).
    /// </summary>
    [NonNegative]
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>
    /// Riemannian Adam's rate for the manifold matrices: 1e-3, the best final training loss of the sweep 3e-4, 1e-3, 3e-3,
    /// 1e-2 for both Stiefel and Oblique (with learning-rate 3e-3; replicate 0, q* = 1/64, quick scale).
    /// </summary>
    [NonNegative]
    public double ManifoldLearningRate { get; init; } = 1e-3;

    /// <summary>lambda of the non-orthogonality penalty (lambda / 2) ||W W^T - I||_F^2 of oblique layers (seed 004 eq. 22); 0: none.</summary>
    [NonNegative]
    public double ObliquePenalty { get; init; }

    /// <summary>Epochs between probes of s_max and lambda_max(G) during training; 0: the seed's schedule (every 5 epochs to 50, then 100 and 200).</summary>
    [NonNegative]
    public int ProbeEvery { get; init; } = 1;

    /// <summary>Steps between checkpoints of the model and optimiser beside the store (resume mid-run); 0: none.</summary>
    [NonNegative]
    public int CheckpointEvery { get; init; }

    /// <summary>Training precision, float32 or float64 (probes are always float64).</summary>
    public Precision Precision { get; init; } = Precision.Float32;
}

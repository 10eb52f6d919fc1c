using Tdlab.Lab.Metrics;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// The metrics of critical-manifolds, declared once. Probes are taken on a float64 copy of the net in which every hidden
/// weight is the effective s W; steps count optimiser steps (an epoch is train-size / batch-size steps).
/// </summary>
public static class CriticalManifoldsMetrics
{
    public static readonly Metric SMax = Metric.Of("s_max", "1",
        "largest singular value of the hidden-layer input-output Jacobian J = dx_L/dx_0 = prod D_l W_l (seed 004 eq. 2), largest over the jacobian-inputs");

    public static readonly Metric FisherMax = Metric.Of("fisher_max", "nats",
        "lambda_max(G), G = (1/B) sum_b J_b^T (diag p_b - p_b p_b^T) J_b the Fisher of the softmax cross-entropy over the hidden layers' weights and biases on the fisher-batch (Lanczos)");

    public static readonly Metric FisherBlockMax = Metric.Of("fisher_block_max", "nats",
        "max over the hidden weight and bias blocks a of lambda_max(G_aa), the block-diagonal approximation of lambda_max(G) (eqs. 10-12); at initialisation");

    public static readonly Metric GershgorinBound = Metric.Of("fisher_gershgorin_bound", "nats",
        "max_i s_i sum_j s_j, s_i = sqrt(lambda_max(G_ii)): the block Gershgorin upper bound on lambda_max(G) (appendix eqs. 26-31); at initialisation");

    public static readonly Metric Loss = Metric.Loss("loss", "nats", "mean cross-entropy over the training set, at step 0 and after every epoch");

    public static readonly Metric ChanceLoss = Metric.Of("chance_loss", "nats",
        "ln C, the cross-entropy of a uniform prediction over the data's C classes (trained nets, at step 0): the nets-trained precondition's yardstick");

    public static readonly Metric Accuracy = Metric.Of("accuracy", "fraction", "accuracy over the training set, with the loss");

    public static readonly Metric TestAccuracy = Metric.Of("test_accuracy", "fraction", "accuracy over the test set, with the loss");

    public static readonly Metric ConstraintDrift = Metric.Of("constraint_drift", "1",
        "manifold nets: the largest |(W W^T - I)_ij| (Stiefel) or | ||w_r|| - 1 | (Oblique) over the hidden layers, at every probe");

    public static readonly Metric PreactivationKurtosis = Metric.Of("preact_heldout_kurtosis", "1",
        "|excess kurtosis| on the held-out half of the most non-Gaussian projection found (ProjectionPursuit.HeldOut: whitened, 10 starts, fitted on a random half) of the last hidden layer's pre-activations h_L over the train-size training images, at initialisation (section 3.4.1)");

    public static readonly Metric GaussianKurtosis = Metric.Of("gaussian_heldout_kurtosis", "1",
        "the same held-out pursuit on standard normal draws of the same size (train-size x width): the finite-sample reference of preact_heldout_kurtosis (kappa is affine invariant, so matching the covariance changes nothing)");

    public static readonly Metric PreactivationFitKurtosis = Metric.Of("preact_fit_kurtosis", "1",
        "|excess kurtosis| of that projection on the half it was fitted on (in-sample: inflated by overfitting, kappa ~ |z|^4 / n along the most outlying draw)");

    public static readonly Metric GaussianFitKurtosis = Metric.Of("gaussian_fit_kurtosis", "1", "the same in-sample value for the Gaussian draws");

    public static readonly MetricSet All = MetricSet.Of("critical-manifolds", typeof(CriticalManifoldsMetrics));
}

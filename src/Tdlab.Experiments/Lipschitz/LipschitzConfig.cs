using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// Sweep of the lipschitz family (seed 000, topic 4): (a) the shared MLP trained plain, with weight decay and with
/// spectral normalisation, probed every epoch; (b) a width sweep of a one-hidden-layer MLP on a small training set
/// with label noise, fitted to (near) interpolation, for double descent in width.
/// </summary>
public sealed record LipschitzConfig : LipschitzSettings
{
    /// <summary>Training variants run at the shared width.</summary>
    public Variant[] Variants { get; init; } = [Variant.Plain, Variant.WeightDecay, Variant.SpectralNorm];

    /// <summary>
    /// min-norm (default): random features, the hidden layers stay at their initial weights and the last layer is
    /// the minimum-norm least-squares fit to the one-hot noisy labels (Belkin et al. 2019; the test error peaks
    /// where the features width + 1 cross sweep-train-size); adam: every layer trained with Adam on cross-entropy.
    /// </summary>
    public OptimizerKind SweepOptimizer { get; init; } = OptimizerKind.MinNorm;

    /// <summary>
    /// With sweep-optimizer=min-norm, also run the width sweep with every layer trained by Adam on cross-entropy (the
    /// trained-MLP double descent of Nakkiran et al. 2019) beside the random-features variant; false (default): one sweep.
    /// </summary>
    [OmitWhenDefault]
    public bool TrainedSweep { get; init; }

    /// <summary>Hidden widths of the sweep (spanning the interpolation threshold width + 1 = sweep-train-size); empty skips it.</summary>
    [Positive]
    public int[] Widths { get; init; } = [8, 16, 32, 64, 128, 192, 240, 255, 272, 320, 512, 1024, 2048];

    /// <summary>
    /// Hidden widths of the trained (Adam) width sweep; empty (the default) uses <see cref="Widths"/>. A trained net's
    /// interpolation threshold sits far narrower than the random-features one (width + 1 = sweep-train-size), so the
    /// trained sweep needs its own widths to bracket it (the full preset sets them).
    /// </summary>
    [OmitWhenDefault]
    [Positive]
    public int[] TrainedWidths { get; init; } = [];

    /// <summary>The widths of the sweep fitted with <paramref name="optimizer"/>: trained-widths for Adam when set, else widths.</summary>
    public int[] WidthsFor(OptimizerKind optimizer) => optimizer == OptimizerKind.Adam && TrainedWidths.Length > 0 ? TrainedWidths : Widths;

    [Positive]
    public int SweepDepth { get; init; } = 1;

    [Positive]
    public int SweepTrainSize { get; init; } = 256;

    [Positive]
    public int SweepTestSize { get; init; } = 1024;

    /// <summary>Fraction of the sweep's training labels replaced by a uniformly random class.</summary>
    [Between(0, 1)]
    public double LabelNoise { get; init; } = 0.2;

    /// <summary>Epochs of the adam sweep (the min-norm fit is one closed-form step).</summary>
    [Positive]
    public int SweepEpochs { get; init; } = 200;

    [Positive]
    public int SweepBatchSize { get; init; } = 64;

    /// <summary>Adam (adam sweep only).</summary>
    [Positive]
    public double SweepLearningRate { get; init; } = 3e-3;

    /// <summary>Probe and evaluate every this many epochs of the sweep (and at the last).</summary>
    [Positive]
    public int SweepLogEvery { get; init; } = 50;
}

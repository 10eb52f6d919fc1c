namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// One run: the shared settings (a width-sweep run with the sweep's values) with its <see cref="Study"/>,
/// <see cref="Variant"/>, the label noise of its training set and its probe interval in epochs.
/// </summary>
public sealed record LipschitzRun : LipschitzSettings
{
    public LipschitzRun(LipschitzSettings settings) : base(settings)
    {
    }

    public Study Study { get; init; }

    public Variant Variant { get; init; }

    /// <summary>Fraction of training labels replaced by a uniformly random class (0 for the variants).</summary>
    public double LabelNoise { get; init; }

    /// <summary>Probe and evaluate every this many epochs (and at the last).</summary>
    public int LogEvery { get; init; }

    public bool IsVariant => Study == Study.Variants;

    public bool IsWidth => Study == Study.Width;

    /// <summary>Weight layers of the MLP (hidden layers + output).</summary>
    public int Layers => Depth + 1;
}

using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// The sweep: one run per batch size (0 means the full batch, i.e. gradient descent), all from the same net per seed; one
/// run per number of classes of the outlier sub-study; one run per optimiser of the second-order sub-study. The two
/// sub-studies are off by default (as before they existed); the presets switch them on.
/// </summary>
public sealed record SharpnessConfig : SharpnessSettings
{
    [NotEmpty]
    [NonNegative]
    public int[] BatchSizes { get; init; } = [10, 0];

    /// <summary>Outlier sub-study: numbers of classes C (the first C Fashion-MNIST classes of the subset); empty: off.</summary>
    [OmitWhenDefault]
    [Between(2, 10)]
    public int[] OutlierClasses { get; init; } = [];

    /// <summary>Second-order sub-study: the optimisers on the regression net; empty: off.</summary>
    [OmitWhenDefault]
    public OptimizerMethod[] Methods { get; init; } = [];
}

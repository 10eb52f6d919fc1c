using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>The sweep: one run per batch size (0 means the full batch, i.e. gradient descent), all from the same net per seed.</summary>
public sealed record SharpnessConfig : SharpnessSettings
{
    [NotEmpty]
    [NonNegative]
    public int[] BatchSizes { get; init; } = [10, 0];
}

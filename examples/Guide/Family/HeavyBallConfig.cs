using Tdlab.Lab.Specs;

namespace Tdlab.Guide.Family;

/// <summary>The sweep: the shared settings and the swept axis, without and with momentum.</summary>
public sealed record HeavyBallConfig : HeavyBallSettings
{
    [NotEmpty] public bool[] Momentum { get; init; } = [false, true];
}

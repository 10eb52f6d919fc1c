namespace Tdlab.Guide.Family;

/// <summary>One run: the shared settings, with or without momentum (its canonical JSON is its identity).</summary>
public sealed record HeavyBallRun : HeavyBallSettings
{
    public HeavyBallRun(HeavyBallSettings settings) : base(settings)
    {
    }

    public bool Momentum { get; init; }
}

namespace Tdlab.Experiments.InitVariance;

/// <summary>One run: the shared settings with a <see cref="Scheme"/> (<see cref="Scheme.Normal"/> at <see cref="Sigma"/>, or a named scheme with Sigma 0).</summary>
public sealed record InitVarianceRun : InitVarianceSettings
{
    public InitVarianceRun(InitVarianceSettings settings) : base(settings)
    {
    }

    public Scheme Scheme { get; init; }

    public double Sigma { get; init; }

    /// <summary>Derived from <see cref="Scheme"/> (get-only, so not part of the run's identity).</summary>
    public bool IsSweep => Scheme == Scheme.Normal;
}

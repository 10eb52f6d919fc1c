namespace Tdlab.Experiments.SharpMinima;

/// <summary>One run: SGD with <see cref="BatchSize"/> examples per step (0: the full batch) to the target training loss.</summary>
public sealed record SharpnessRun : SharpnessSettings
{
    public SharpnessRun(SharpnessSettings settings) : base(settings)
    {
    }

    public int BatchSize { get; init; }

    /// <summary>The batch actually used: the full training subset when BatchSize is 0 or larger than it.</summary>
    public int EffectiveBatch => BatchSize == 0 || BatchSize > Examples ? Examples : BatchSize;
}

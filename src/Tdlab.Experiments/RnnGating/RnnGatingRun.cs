using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.RnnGating;

/// <summary>One run: the shared settings with a <see cref="Model"/> whose recurrent weights start <see cref="Init"/> at scale <see cref="Sigma"/>, trained on <see cref="Task"/> of length <see cref="Length"/>.</summary>
public sealed record RnnGatingRun : RnnGatingSettings
{
    public RnnGatingRun(RnnGatingSettings settings) : base(settings)
    {
    }

    // the defaults that [OmitWhenDefault] compares against
    private RnnGatingRun() : base(new RnnGatingSettings())
    {
    }

    public SequenceTask Task { get; init; }

    public RecurrentModel Model { get; init; }

    public WeightInit Init { get; init; }

    public double Sigma { get; init; }

    public int Length { get; init; }

    /// <summary>A labelled sensitivity run at the other input scale σ_u (vanilla RNN only); the claims read the main runs.</summary>
    [OmitWhenDefault]
    public bool Sensitivity { get; init; }

    public bool IsVanilla => Model == RecurrentModel.Rnn;

    /// <summary>
    /// Steps at which the hidden-state gradient norms are probed: 0 and ProbeCount evenly spaced steps up to Steps.
    /// Derived, but an array: the serializer writes it (as it did before Lab v2), so it stays in the run's identity.
    /// </summary>
    public int[] ProbeSteps => [0, .. Enumerable.Range(1, ProbeCount).Select(i => (int)Math.Round(i * (double)Steps / ProbeCount)).Distinct()];
}

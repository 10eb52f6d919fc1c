using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Store;

/// <summary>How one run ended, as the runner hands it to the store.</summary>
public sealed record RunOutcome(
    RunSpec Spec,
    RunStatus Status,
    int? DivergedStep,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int Threads)
{
    public double Seconds => (EndedAt - StartedAt).TotalSeconds;
}

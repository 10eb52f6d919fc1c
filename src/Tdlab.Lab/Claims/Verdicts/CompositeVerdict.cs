namespace Tdlab.Lab.Claims;

/// <summary>
/// The verdict on a claim that all k components are on the claimed side (<see cref="VerdictRule.DecideAll"/>).
/// <paramref name="Deciding"/> is the index of the component that decides: the weakest (largest p-value for
/// holding) for Holds and Inconclusive, the most significant failure for DoesNotHold. <paramref name="Rejected"/>
/// is how many components Holm's procedure shows on the wrong side.
/// </summary>
public sealed record CompositeVerdict(Verdict Verdict, int Deciding, int Rejected, string Note);

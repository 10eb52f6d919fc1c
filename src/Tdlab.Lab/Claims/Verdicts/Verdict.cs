namespace Tdlab.Lab.Claims;

/// <summary>
/// The three-valued outcome of a pre-registered claim: the 95% interval lies wholly on the claimed side
/// (<see cref="Holds"/>), wholly on the other side (<see cref="DoesNotHold"/>), or straddles the threshold or
/// rests on too few replicates (<see cref="Inconclusive"/>). See <see cref="VerdictRule"/>.
/// </summary>
public enum Verdict
{
    Holds,
    DoesNotHold,
    Inconclusive,
}

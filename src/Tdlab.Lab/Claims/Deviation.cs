namespace Tdlab.Lab.Claims;

/// <summary>
/// Where an experiment departs from its seed (data, scale, optimiser, a threshold), and why. A setup or
/// threshold changed after results were seen carries the date of the change in <paramref name="Decided"/>
/// (yyyy-MM-dd); deviations planned before any result leave it null.
/// </summary>
public sealed record Deviation(string What, string Reason, string? Decided = null)
{
    /// <summary><see cref="What"/> ending in a stop or colon, so that the reason reads after it.</summary>
    public string Heading => What.Length > 0 && ".:;!?".Contains(What[^1]) ? What : What + ":";

    /// <summary>Whether the change was made after results were seen.</summary>
    public bool AfterResults => Decided is not null;
}

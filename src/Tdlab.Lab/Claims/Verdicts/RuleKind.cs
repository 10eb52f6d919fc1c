namespace Tdlab.Lab.Claims;

/// <summary>The shape of a <see cref="Rule"/>: one-sided above or below a threshold, or inside a closed band.</summary>
public enum RuleKind
{
    Above,
    Below,
    Within,
}

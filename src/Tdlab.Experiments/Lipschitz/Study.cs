namespace Tdlab.Experiments.Lipschitz;

/// <summary>Which part of the lipschitz sweep a run belongs to: a training <see cref="Variants"/> run at fixed width, or one <see cref="Width"/> of the double-descent sweep.</summary>
public enum Study
{
    Variants,
    Width,
}

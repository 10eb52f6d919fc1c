namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// The whitened task a deep-linear run learns: <see cref="Spectrum"/> (Sigma31 = U diag(s) V^T with chosen singular
/// values) or <see cref="Hierarchy"/> (items at the leaves of a binary tree, one singular value per tree level).
/// </summary>
public enum TaskKind
{
    Spectrum,
    Hierarchy,
}

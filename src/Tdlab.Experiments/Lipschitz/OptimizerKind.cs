namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// How a lipschitz run fits its model: <see cref="Sgd"/> (momentum 0.9) or <see cref="Adam"/> on cross-entropy, or
/// <see cref="MinNorm"/> (width sweep only: random features, last layer the minimum-norm least-squares fit).
/// </summary>
public enum OptimizerKind
{
    Sgd,
    Adam,
    MinNorm,
}

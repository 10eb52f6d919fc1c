namespace Tdlab.Experiments.RnnGating;

/// <summary>The optimiser: Adam, or SGD with momentum 0.9.</summary>
public enum OptimizerKind
{
    Adam,
    Sgd,
}

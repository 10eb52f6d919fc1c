namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>How a run moves the parameters: full-batch gradient descent, Polyak heavy-ball momentum, or gradient flow (RK4).</summary>
public enum EosMethod
{
    Gd,
    Momentum,
    Flow,
}

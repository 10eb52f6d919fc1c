namespace Tdlab.Experiments.Isometry;

/// <summary>The nonlinearity phi of a net's hidden layers.</summary>
public enum Nonlinearity
{
    Linear,
    Tanh,
    Relu,
}

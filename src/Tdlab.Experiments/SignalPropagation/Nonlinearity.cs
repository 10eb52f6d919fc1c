namespace Tdlab.Experiments.SignalPropagation;

/// <summary>The nonlinearity of a random net: ReLU (the variance recursion of seed 002) or tanh (the mean-field length map of seed 004).</summary>
public enum Nonlinearity
{
    Relu,
    Tanh,
}

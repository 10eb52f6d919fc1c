namespace Tdlab.Nn;

/// <summary>Elementwise nonlinearities that builders accept by name (<see cref="Activations.Create{T}"/>).</summary>
public enum Activation
{
    /// <summary>phi(x) = x.</summary>
    Identity,

    /// <summary>phi(x) = max(x, 0).</summary>
    Relu,

    /// <summary>phi(x) = tanh(x).</summary>
    Tanh,

    /// <summary>phi(x) = 1 / (1 + exp(-x)).</summary>
    Sigmoid,

    /// <summary>phi(x) = log(1 + exp(beta x)) / beta.</summary>
    Softplus,

    /// <summary>phi(x) = erf(x) = 2/sqrt(pi) int_0^x exp(-t^2) dt.</summary>
    Erf,

    /// <summary>phi(x) = clamp(x, -1, 1).</summary>
    HardTanh,
}

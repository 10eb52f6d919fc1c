using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>Activation modules and functions by <see cref="Activation"/> value.</summary>
public static class Activations
{
    /// <summary>The module for <paramref name="kind"/>; <paramref name="beta"/> is used by softplus only.</summary>
    public static Module<T> Create<T>(Activation kind, double beta = 1.0) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        Activation.Identity => new Identity<T>(),
        Activation.Relu => new Relu<T>(),
        Activation.Tanh => new Tanh<T>(),
        Activation.Sigmoid => new Sigmoid<T>(),
        Activation.Softplus => new Softplus<T>(beta),
        Activation.Erf => new Erf<T>(),
        Activation.HardTanh => new HardTanh<T>(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Activations.Create: unknown activation"),
    };

    /// <summary>phi(x) for <paramref name="kind"/> as a differentiable op.</summary>
    public static Tensor<T> Apply<T>(Tensor<T> x, Activation kind, double beta = 1.0) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        Activation.Identity => x,
        Activation.Relu => x.Relu(),
        Activation.Tanh => x.Tanh(),
        Activation.Sigmoid => x.Sigmoid(),
        Activation.Softplus => x.Softplus(T.CreateTruncating(beta)),
        Activation.Erf => x.Erf(),
        Activation.HardTanh => x.HardTanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Activations.Apply: unknown activation"),
    };

    /// <summary>Parses "relu", "tanh", "hard_tanh", ... (case-insensitive, underscores ignored).</summary>
    public static Activation Parse(string name)
    {
        var key = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (key.Equals("linear", StringComparison.OrdinalIgnoreCase)) return Activation.Identity;
        return Enum.TryParse<Activation>(key, ignoreCase: true, out var a) && Enum.IsDefined(a)
            ? a
            : throw new ArgumentException($"Activations.Parse: unknown activation '{name}'");
    }
}

using System.Numerics;

namespace Tdlab.Nn;

/// <summary>
/// Multilayer perceptrons as <see cref="Sequential{T}"/>: Linear, activation, Linear, activation, ..., Linear
/// (children "0", "1", ... as PyTorch's nn.Sequential, so parameters are "0.weight", "0.bias", "2.weight", ...).
/// Layers draw their initial values in order from the streams of the <see cref="Members"/> given, so an ensemble
/// member starts exactly where the single model with its stream starts.
/// </summary>
public static class Mlp
{
    /// <summary>
    /// input -> widths[0] -> ... -> widths[^1] -> output. <paramref name="init"/> initialises the hidden
    /// layers (default PyTorch's), <paramref name="outputInit"/> the last layer (default: the same as init).
    /// <paramref name="beta"/> is softplus's beta. <paramref name="outputActivation"/>, when given, follows the
    /// last layer (e.g. a sigmoid or tanh output, as in an nn.Sequential that ends in one).
    /// </summary>
    public static Sequential<T> Build<T>(int input, IReadOnlyList<int> widths, int output, Members members,
        Activation activation = Activation.Relu, bool bias = true, LayerInit? init = null, LayerInit? outputInit = null,
        double beta = 1.0, Activation? outputActivation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(widths);
        var net = new Sequential<T>();
        int fanIn = input;
        foreach (int width in widths)
        {
            net.Add(new Linear<T>(fanIn, width, members, bias, init));
            net.Add(Activations.Create<T>(activation, beta));
            fanIn = width;
        }

        net.Add(new Linear<T>(fanIn, output, members, bias, outputInit ?? init));
        if (outputActivation is { } last)
            net.Add(Activations.Create<T>(last, beta));
        return net;
    }

    /// <summary><paramref name="depth"/> hidden layers of equal <paramref name="width"/> (depth 0: one Linear layer).</summary>
    public static Sequential<T> Build<T>(int input, int depth, int width, int output, Members members,
        Activation activation = Activation.Relu, bool bias = true, LayerInit? init = null, LayerInit? outputInit = null,
        double beta = 1.0, Activation? outputActivation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (depth < 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Mlp.Build: depth must be >= 0");
        return Build<T>(input, Enumerable.Repeat(width, depth).ToArray(), output, members, activation, bias, init, outputInit, beta,
            outputActivation);
    }
}

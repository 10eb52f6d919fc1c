using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>Modules applied in order, y = f_n(...f_1(x)); children are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Module<T>> _layers = [];

    public Sequential(params IEnumerable<Module<T>> layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    public IReadOnlyList<Module<T>> Layers => _layers;

    public int Count => _layers.Count;

    /// <summary>Appends a module (named by its position).</summary>
    public Sequential<T> Add(Module<T> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        AddModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>
    /// Applies the layers in order. Consecutive <see cref="Linear{T}"/> layers, each with the relu, tanh or sigmoid
    /// module that follows it, run as one fused op (<see cref="LinearChain"/>: the same values, one node, member by
    /// member of an ensemble). Code that needs the hidden activations calls the layers one by one.
    /// </summary>
    public override Tensor<T> Forward(Tensor<T> x)
    {
        for (int i = 0; i < _layers.Count;)
        {
            var chain = new List<ChainLink<T>>();                                       // a new list each time: the node keeps it
            while (i < _layers.Count && _layers[i] is Linear<T> linear && linear.Chains(x) && Continues(chain, linear))
            {
                var phi = i + 1 < _layers.Count && _layers[i + 1] is IPointwiseActivation a && Linear<T>.Fuses(a.Kind) ? a.Kind : Activation.Identity;
                chain.Add(new(linear, phi));
                i += phi == Activation.Identity ? 1 : 2;
            }

            if (chain.Count > 0)
            {
                chain[0].Layer.CheckInput(x);
                x = LinearChain.Forward<T>(chain, x);
            }
            else
            {
                x = _layers[i++].Forward(x);
            }
        }

        return x;
    }

    // a layer extends the chain when its input is the previous layer's output, member for member
    private static bool Continues(List<ChainLink<T>> chain, Linear<T> next) =>
        chain.Count == 0 || (chain[^1].Layer.OutFeatures == next.InFeatures && chain[^1].Layer.MemberCount == next.MemberCount);
}

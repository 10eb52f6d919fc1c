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
    /// Applies the layers in order; a <see cref="Linear{T}"/> followed by a relu, tanh or sigmoid module runs as
    /// one fused op (<see cref="Linear{T}.Forward(Tensor{T}, Activation)"/>: same values, one node, no
    /// pre-activation tensor). Code that needs the pre-activations calls the layers one by one.
    /// </summary>
    public override Tensor<T> Forward(Tensor<T> x)
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is Linear<T> linear && i + 1 < _layers.Count && _layers[i + 1] is IPointwiseActivation phi
                && Linear<T>.Fuses(phi.Kind))
            {
                x = linear.Forward(x, phi.Kind);
                i++;
            }
            else
            {
                x = _layers[i].Forward(x);
            }
        }

        return x;
    }
}

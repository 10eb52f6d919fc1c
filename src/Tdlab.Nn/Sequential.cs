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

    public override Tensor<T> Forward(Tensor<T> x)
    {
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}

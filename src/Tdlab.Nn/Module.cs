using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn;

/// <summary>
/// A layer or model: named parameters (leaf tensors with RequiresGrad, allocated outside any
/// TensorScope so they persist across steps), child modules, a training flag and <see cref="Forward"/>.
/// Parameter names are dotted paths ("layers.0.weight") like PyTorch's state dict.
/// </summary>
public abstract class Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(string Name, Tensor<T> Value)> _parameters = [];
    private readonly List<(string Name, Module<T> Module)> _children = [];
    private readonly List<(string Name, Tensor<T> Value)> _buffers = [];

    /// <summary>True in training mode (BatchNorm uses batch statistics), false in evaluation mode.</summary>
    public bool Training { get; private set; } = true;

    public abstract Tensor<T> Forward(Tensor<T> x);

    public Tensor<T> this[Tensor<T> x] => Forward(x);

    /// <summary>Every parameter with its dotted name, children after own parameters, in registration order.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> NamedParameters()
    {
        foreach (var p in _parameters) yield return p;
        foreach (var (name, child) in _children)
            foreach (var (pn, pv) in child.NamedParameters())
                yield return ($"{name}.{pn}", pv);
    }

    /// <summary>
    /// Every buffer (persistent state that is not trained, e.g. BatchNorm running statistics) with its
    /// dotted name, children after own buffers, in registration order.
    /// </summary>
    public IEnumerable<(string Name, Tensor<T> Value)> NamedBuffers()
    {
        foreach (var b in _buffers) yield return b;
        foreach (var (name, child) in _children)
            foreach (var (bn, bv) in child.NamedBuffers())
                yield return ($"{name}.{bn}", bv);
    }

    public IEnumerable<Tensor<T>> Parameters() => NamedParameters().Select(p => p.Value);

    public IEnumerable<(string Name, Module<T> Module)> Children() => _children;

    /// <summary>
    /// Copies every parameter of a module of the same architecture in another precision into this one, rounding (a float32
    /// copy of a float64 net, or back). Parameters pair up in <see cref="Parameters"/> order; a count or shape that differs throws.
    /// </summary>
    public void CopyParametersFrom<TFrom>(Module<TFrom> source) where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
    {
        var from = source.Parameters().ToList();
        var to = Parameters().ToList();
        if (from.Count != to.Count) throw new ArgumentException($"CopyParametersFrom: {from.Count} parameters into {to.Count}");
        for (int i = 0; i < to.Count; i++) to[i].CopyConverted(from[i]);
    }

    /// <summary>Total number of scalar parameters.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Length);

    /// <summary>Zeroes every parameter's gradient (keeping its storage).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>Sets training mode on this module and all children.</summary>
    public Module<T> Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    public Module<T> Eval() => Train(false);

    /// <summary>Registers a parameter: a persistent copy of <paramref name="value"/> that requires grad.</summary>
    protected Tensor<T> AddParameter(string name, Tensor<T> value)
    {
        Tensor<T> p;
        using (TensorScope.Suspend()) p = value.Clone();
        p.RequiresGrad = true;
        p.Name = name;
        _parameters.Add((name, p));
        return p;
    }

    /// <summary>Registers a buffer: a persistent copy of <paramref name="value"/> that does not require grad.</summary>
    protected Tensor<T> AddBuffer(string name, Tensor<T> value)
    {
        Tensor<T> b;
        using (TensorScope.Suspend()) b = value.Clone();
        b.Name = name;
        _buffers.Add((name, b));
        return b;
    }

    protected TModule AddModule<TModule>(string name, TModule module) where TModule : Module<T>
    {
        _children.Add((name, module));
        return module;
    }
}

using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// What <see cref="Optimizer{T}.Update"/> sees of one parameter: one member's slice (the whole tensor unless
/// its group has per-member learning rates) with its shape, its geometry and where its optimiser state
/// lives. <see cref="Gradient"/> is already the Riemannian gradient: the Euclidean gradient plus the L2 term,
/// projected by <see cref="Geometry"/> (for Euclidean, the same span).
/// </summary>
public readonly ref struct ParameterSlice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ParameterSlice(string name, Shape shape, int member, int slot, int offset, Span<T> value, ReadOnlySpan<T> gradient,
        T learningRate, ParameterGeometry<T> geometry)
    {
        Name = name;
        Shape = shape;
        Member = member;
        Slot = slot;
        Offset = offset;
        Value = value;
        Gradient = gradient;
        LearningRate = learningRate;
        Geometry = geometry;
    }

    /// <summary>The parameter's tensor name, or "" when it has none.</summary>
    public string Name { get; }

    /// <summary>Shape of the slice: the member's shape (no leading member axis) for per-member rates, else the tensor's.</summary>
    public Shape Shape { get; }

    /// <summary>Member index e of an ensemble (0 for a slice that is the whole tensor).</summary>
    public int Member { get; }

    /// <summary>Index of the parameter among the optimiser's parameters, in group order (selects its state tensor).</summary>
    public int Slot { get; }

    /// <summary>Start of the slice in the flat parameter (and in its state tensors): e * n.</summary>
    public int Offset { get; }

    /// <summary>w (n), updated in place.</summary>
    public Span<T> Value { get; }

    /// <summary>The Riemannian gradient at w (n): P_w(g + lambda w).</summary>
    public ReadOnlySpan<T> Gradient { get; }

    /// <summary>This slice's learning rate (the member's when the group has per-member rates).</summary>
    public T LearningRate { get; }

    public ParameterGeometry<T> Geometry { get; }

    /// <summary>This slice of a per-parameter state tensor (as <see cref="Optimizer{T}"/>'s NewState makes).</summary>
    public Span<T> State(Tensor<T>[] state) => state[Slot].Span.Slice(Offset, Value.Length);

    /// <summary>w &lt;- R_w(step d) in this slice's geometry (a descent step passes step = -lr).</summary>
    public void Retract(ReadOnlySpan<T> d, T step) => Geometry.Retract(Shape, Value, d, step);

    /// <summary>Transports v, tangent at the point before <see cref="Retract"/>, to the tangent space at the new w.</summary>
    public void Transport(Span<T> v) => Geometry.Transport(Shape, Value, v);

    /// <summary>w &lt;- R_w(step d) and v (tangent at the old w) transported to the new w; d may alias v.</summary>
    public void RetractTransport(ReadOnlySpan<T> d, T step, Span<T> v) => Geometry.RetractTransport(Shape, Value, d, step, v);
}

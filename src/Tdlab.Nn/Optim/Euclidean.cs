using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// Flat R^n, the default geometry: the Riemannian gradient is the Euclidean one, retraction is the straight
/// step w + step d (one TensorPrimitives.MultiplyAdd, the operation the flat optimisers always did, so
/// results are bit-identical), and transport is the identity.
/// </summary>
public sealed class Euclidean<T> : ParameterGeometry<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string Name => "euclidean";

    public override void ProjectPoint(Shape shape, Span<T> w)
    {
    }

    public override ReadOnlySpan<T> ProjectGradient(Shape shape, ReadOnlySpan<T> w, ReadOnlySpan<T> egrad, Span<T> buffer) => egrad;

    public override void Retract(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step) =>
        TensorPrimitives.MultiplyAdd(d, step, w, w);                    // w = w + step d

    public override void Transport(Shape shape, ReadOnlySpan<T> w, Span<T> v)
    {
    }
}

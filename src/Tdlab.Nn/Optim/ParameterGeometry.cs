using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// The geometry an optimiser steps a parameter in (STYLE item 16; geoopt's Manifold, Becigneul and Ganea
/// 2019, "Riemannian Adaptive Optimization Methods"). Every optimiser writes its update once against three
/// hooks: <see cref="ProjectGradient"/> (egrad2rgrad), <see cref="Retract"/> (retr) and
/// <see cref="Transport"/> (transp, vector transport of momentum-like state to the new point); optimisers with
/// momentum call them as <see cref="RetractTransport"/> (geoopt's retr_transp), which a geometry whose transport
/// needs the old point overrides (parallel translation on <see cref="Oblique{T}"/>).
/// <see cref="Euclidean"/> (the default) makes them identity, w + step d and identity, with exactly the
/// TensorPrimitives calls of a flat optimiser. Every hook sees one member's slice of a parameter (n values)
/// with its shape <c>shape</c> (the member's shape, without the leading member axis of an ensemble).
/// Geometries hold no state, so one instance serves every parameter.
/// </summary>
public abstract class ParameterGeometry<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Flat R^n: project = identity, retract w + step d, transport = identity.</summary>
    public static ParameterGeometry<T> Euclidean { get; } = new Euclidean<T>();

    /// <summary>The unit sphere S^{n-1} of each member's flattened slice (see <see cref="Sphere{T}"/>).</summary>
    public static ParameterGeometry<T> Sphere { get; } = new Sphere<T>();

    /// <summary>Orthonormal columns (rows for a wide slice) with the embedding metric (see <see cref="Stiefel{T}"/>).</summary>
    public static ParameterGeometry<T> Stiefel { get; } = new Stiefel<T>();

    /// <summary>Unit-norm rows, a product of spheres (see <see cref="Oblique{T}"/>).</summary>
    public static ParameterGeometry<T> Oblique { get; } = new Oblique<T>();

    /// <summary>Short name, e.g. "euclidean".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Places w (n) on the manifold (geoopt projx), e.g. before training; Euclidean leaves it.
    /// </summary>
    public abstract void ProjectPoint(Shape shape, Span<T> w);

    /// <summary>
    /// egrad2rgrad: the Riemannian gradient at w (n) of the Euclidean gradient egrad (n), i.e. its projection
    /// onto the tangent space T_w M. Returns egrad itself when it is already the answer (Euclidean), else
    /// writes into buffer (n; may alias egrad) and returns buffer.
    /// </summary>
    public abstract ReadOnlySpan<T> ProjectGradient(Shape shape, ReadOnlySpan<T> w, ReadOnlySpan<T> egrad, Span<T> buffer);

    /// <summary>retr: w &lt;- R_w(step d), in place (a descent step passes step = -lr).</summary>
    public abstract void Retract(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step);

    /// <summary>
    /// transp: moves v (n), a tangent vector at the point before the last <see cref="Retract"/>, into the
    /// tangent space at the new point w, in place.
    /// </summary>
    public abstract void Transport(Shape shape, ReadOnlySpan<T> w, Span<T> v);

    /// <summary>
    /// The step and the transport of momentum-like state v (n, tangent at the old w) together: w &lt;- R_w(step d),
    /// then v moved to the tangent space at the new w. d may alias v. By default <see cref="Retract"/> then
    /// <see cref="Transport"/>; a geometry whose transport needs the old point and the step (parallel
    /// translation along the geodesic, <see cref="Oblique{T}"/>) overrides it.
    /// </summary>
    public virtual void RetractTransport(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step, Span<T> v)
    {
        Retract(shape, w, d, step);
        Transport(shape, w, v);
    }

    public override string ToString() => Name;
}

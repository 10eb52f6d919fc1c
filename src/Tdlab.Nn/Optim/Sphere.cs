using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;

namespace Tdlab.Nn.Optim;

/// <summary>
/// The unit sphere S^{n-1} = { w in R^n : ||w|| = 1 } of each member's slice flattened: one sphere per
/// member, the whole (rows, cols) slice as one vector (a per-row sphere is the oblique manifold, not this).
/// Formulas (Absil, Mahony and Sepulchre 2008, "Optimization Algorithms on Matrix Manifolds", ex. 3.6.1,
/// 4.1.1 and sec. 8.1.3; geoopt manifolds/sphere.py):
/// projection onto T_w S: P_w g = g - &lt;g, w&gt; w; retraction by normalisation R_w(d) = (w + d) / ||w + d||;
/// vector transport by projection at the new point, v &lt;- P_w' v. The formulas assume ||w|| = 1: place the
/// initial values with <see cref="ProjectPoint"/>.
/// </summary>
public sealed class Sphere<T> : ParameterGeometry<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string Name => "sphere";

    /// <summary>w &lt;- w / ||w||.</summary>
    public override void ProjectPoint(Shape shape, Span<T> w)
    {
        T norm = TensorPrimitives.Norm<T>(w);
        if (norm == T.Zero) throw new ArgumentException($"Sphere: a zero parameter slice {shape} has no nearest point on the sphere");
        TensorPrimitives.Divide(w, norm, w);
    }

    /// <summary>P_w g = g - &lt;g, w&gt; w, into buffer.</summary>
    public override ReadOnlySpan<T> ProjectGradient(Shape shape, ReadOnlySpan<T> w, ReadOnlySpan<T> egrad, Span<T> buffer)
    {
        T dot = TensorPrimitives.Dot(egrad, w);
        TensorPrimitives.MultiplyAdd(w, -dot, egrad, buffer);
        return buffer;
    }

    /// <summary>w &lt;- (w + step d) / ||w + step d||.</summary>
    public override void Retract(Shape shape, Span<T> w, ReadOnlySpan<T> d, T step)
    {
        TensorPrimitives.MultiplyAdd(d, step, w, w);
        ProjectPoint(shape, w);
    }

    /// <summary>v &lt;- v - &lt;v, w&gt; w with w the new point.</summary>
    public override void Transport(Shape shape, ReadOnlySpan<T> w, Span<T> v)
    {
        T dot = TensorPrimitives.Dot<T>(v, w);
        TensorPrimitives.MultiplyAdd(w, -dot, v, v);
    }
}

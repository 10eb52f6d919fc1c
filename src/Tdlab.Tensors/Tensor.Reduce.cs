using System.Numerics;
using System.Numerics.Tensors;
using Tdlab.Kernels;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors;

/// <summary>Reductions over all elements or along one axis.</summary>
public sealed partial class Tensor<T>
{
    // sum over all elements -> scalar; d/dx = broadcast(g)
    public Tensor<T> Sum()
    {
        var y = Tensor.Scalar(TensorPrimitives.Sum<T>(Span));
        var shape = Shape;
        return Autograd.Record(y, "sum", [this], g => [g.BroadcastTo(shape)]);
    }

    /// <summary>Sum along <paramref name="axis"/>; d/dx = g broadcast back along that axis.</summary>
    public Tensor<T> Sum(int axis, bool keepDim = false)
    {
        int ax = Shape.Axis(axis);
        var keep = Shape.With(ax, 1);
        var y = Tensor.Empty<T>(keepDim ? keep : Shape.Without(ax));
        Rows.SumAxis<T>(Span, Shape.Outer(ax), Shape[ax], Shape.Inner(ax), y.Span);
        var shape = Shape;
        return Autograd.Record(y, "sum_axis", [this], g => [g.Reshape(keep).BroadcastTo(shape)]);
    }

    public Tensor<T> Mean() => Sum() * (T.One / T.CreateTruncating(Length));

    public Tensor<T> Mean(int axis, bool keepDim = false) =>
        Sum(axis, keepDim) * (T.One / T.CreateTruncating(Shape[axis]));

    /// <summary>Maximum along an axis; the gradient flows to the first arg-max (NaN counts as the maximum).</summary>
    public Tensor<T> Max(int axis, bool keepDim = false)
    {
        int ax = Shape.Axis(axis);
        var keep = Shape.With(ax, 1);
        var y = Tensor.Empty<T>(keepDim ? keep : Shape.Without(ax));
        int outer = Shape.Outer(ax), len = Shape[ax], inner = Shape.Inner(ax);
        var arg = new int[outer * inner];
        Rows.MaxAxis<T>(Span, outer, len, inner, y.Span, arg);
        var shape = Shape;
        return Autograd.Record(y, "max_axis", [this], g =>
        {
            var mask = Tensor.Zeros<T>(shape);
            var ms = mask.Span;
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    ms[(o * len + arg[o * inner + i]) * inner + i] = T.One;
            return [g.Reshape(keep).BroadcastTo(shape) * mask];
        });
    }

    /// <summary>Indices of the maximum along an axis (not differentiable).</summary>
    public int[] ArgMax(int axis = -1)
    {
        int ax = Shape.Axis(axis);
        int outer = Shape.Outer(ax), inner = Shape.Inner(ax);
        var arg = new int[outer * inner];
        var tmp = new T[outer * inner];
        Rows.MaxAxis<T>(Span, outer, Shape[ax], inner, tmp, arg);
        return arg;
    }

    /// <summary>The largest element (not differentiable).</summary>
    public T MaxValue() => Length == 0 ? T.NaN : TensorPrimitives.Max<T>(Span);

    /// <summary>Euclidean (Frobenius) norm sqrt(sum x^2), differentiable.</summary>
    public Tensor<T> Norm() => Square().Sum().Sqrt();

    /// <summary>sum x^2 as a number, not recorded.</summary>
    public double SumOfSquares() => double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(Span));

    /// <summary>Inner product sum(a * b), differentiable.</summary>
    public Tensor<T> Dot(Tensor<T> other)
    {
        if (other.Shape != Shape) throw new ArgumentException($"Dot: shapes {Shape} and {other.Shape} differ");
        return (this * other).Sum();
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using Tdlab.Kernels;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors;

/// <summary>Arithmetic with NumPy broadcasting, and the broadcast/sum-to adjoint pair.</summary>
public sealed partial class Tensor<T>
{
    private enum BinaryOp { Add, Sub, Mul, Div }

    // d(a+b) = (g, g) summed back to each input's shape
    public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) =>
        Autograd.Record(Binary(a, b, BinaryOp.Add), "add", [a, b], g => [a.RequiresGrad ? g.SumTo(a.Shape) : null, b.RequiresGrad ? g.SumTo(b.Shape) : null]);

    // d(a-b) = (g, -g)
    public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) =>
        Autograd.Record(Binary(a, b, BinaryOp.Sub), "sub", [a, b], g => [a.RequiresGrad ? g.SumTo(a.Shape) : null, b.RequiresGrad ? (-g).SumTo(b.Shape) : null]);

    // d(a*b) = (g*b, g*a)
    public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) =>
        Autograd.Record(Binary(a, b, BinaryOp.Mul), "mul", [a, b], g => [a.RequiresGrad ? (g * b).SumTo(a.Shape) : null, b.RequiresGrad ? (g * a).SumTo(b.Shape) : null]);

    // d(a/b) = (g/b, -g*a/b^2)
    public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b)
    {
        var y = Binary(a, b, BinaryOp.Div);
        return Autograd.Record(y, "div", [a, b], g => [a.RequiresGrad ? (g / b).SumTo(a.Shape) : null, b.RequiresGrad ? (-(g * a) / (b * b)).SumTo(b.Shape) : null]);
    }

    // d(-x) = -g
    public static Tensor<T> operator -(Tensor<T> x)
    {
        var y = Tensor.Empty<T>(x.Shape);
        TensorPrimitives.Negate(x.Span, y.Span);
        return Autograd.Record(y, "neg", [x], g => [-g]);
    }

    public static Tensor<T> operator +(Tensor<T> x, T s) => x.Affine(T.One, s);

    public static Tensor<T> operator +(T s, Tensor<T> x) => x.Affine(T.One, s);

    public static Tensor<T> operator -(Tensor<T> x, T s) => x.Affine(T.One, -s);

    public static Tensor<T> operator -(T s, Tensor<T> x) => x.Affine(-T.One, s);

    public static Tensor<T> operator *(Tensor<T> x, T s) => x.Affine(s, T.Zero);

    public static Tensor<T> operator *(T s, Tensor<T> x) => x.Affine(s, T.Zero);

    public static Tensor<T> operator /(Tensor<T> x, T s) => x.Affine(T.One / s, T.Zero);

    // y = s / x; dy/dx = -s/x^2 = -y/x
    public static Tensor<T> operator /(T s, Tensor<T> x)
    {
        var y = Tensor.Empty<T>(x.Shape);
        TensorPrimitives.Divide(s, x.Span, y.Span);
        return Autograd.Record(y, "rdiv", [x], g => [-(g * y) / x]);
    }

    /// <summary>y = a*x + b elementwise; dy/dx = a.</summary>
    public Tensor<T> Affine(T a, T b)
    {
        var y = Tensor.Empty<T>(Shape);
        Elementwise.Affine(Span, a, b, y.Span);
        return Autograd.Record(y, "affine", [this], g => [g * a]);
    }

    /// <summary>Sums this tensor down to <paramref name="shape"/>, which must broadcast to this shape (adjoint of BroadcastTo).</summary>
    public Tensor<T> SumTo(Shape shape)
    {
        if (shape == Shape) return this;
        if (Shape.Broadcast(shape, Shape, "SumTo") != Shape)
            throw new ArgumentException($"SumTo: shape {shape} does not broadcast to {Shape}");
        var y = Tensor.Empty<T>(shape);
        if (shape.Length == 1)
            y.Span[0] = TensorPrimitives.Sum<T>(Span);
        else if (Broadcasting.IsSuffix(shape, Shape))
            Rows.SumColumns<T>(Span, Length / shape.Length, y.Span);
        else
            Broadcasting.SumTo<T>(Span, Shape, y.Span, shape);
        var from = Shape;
        return Autograd.Record(y, "sum_to", [this], g => [g.BroadcastTo(from)]);
    }

    /// <summary>Repeats this tensor along broadcast axes to <paramref name="shape"/> (adjoint of SumTo).</summary>
    public Tensor<T> BroadcastTo(Shape shape)
    {
        if (shape == Shape) return this;
        if (Shape.Broadcast(Shape, shape, "BroadcastTo") != shape)
            throw new ArgumentException($"BroadcastTo: shape {Shape} does not broadcast to {shape}");
        var y = Tensor.Empty<T>(shape);
        if (Length == 1)
            y.Span.Fill(Span[0]);
        else if (Broadcasting.IsSuffix(Shape, shape))
        {
            var src = Span;
            var dst = y.Span;
            for (int o = 0; o < dst.Length; o += src.Length) src.CopyTo(dst.Slice(o, src.Length));
        }
        else
            Broadcasting.BroadcastTo<T>(Span, Shape, y.Span, shape);
        var from = Shape;
        return Autograd.Record(y, "broadcast_to", [this], g => [g.SumTo(from)]);
    }

    private static Tensor<T> Binary(Tensor<T> a, Tensor<T> b, BinaryOp op)
    {
        var shape = a.Shape == b.Shape ? a.Shape : Shape.Broadcast(a.Shape, b.Shape, op.ToString());
        var y = Tensor.Empty<T>(shape);
        ReadOnlySpan<T> sa = a.Span, sb = b.Span;
        Span<T> sy = y.Span;
        if (a.Shape == b.Shape)
            Same(sa, sb, sy, op);
        else if (b.Length == 1 && a.Shape == shape)
            WithScalar(sa, sb[0], sy, op);
        else if (a.Length == 1 && b.Shape == shape)
            ScalarWith(sa[0], sb, sy, op);
        else if (a.Shape == shape && Broadcasting.IsSuffix(b.Shape, shape))
        {
            if (op == BinaryOp.Add)
                Rows.AddVector(sa, sb, shape.Length / b.Length, sy);
            else
                for (int o = 0; o < sy.Length; o += sb.Length) Same(sa.Slice(o, sb.Length), sb, sy.Slice(o, sb.Length), op);
        }
        else if (b.Shape == shape && Broadcasting.IsSuffix(a.Shape, shape))
        {
            for (int o = 0; o < sy.Length; o += sa.Length) Same(sa, sb.Slice(o, sa.Length), sy.Slice(o, sa.Length), op);
        }
        else if (Broadcasting.RowsContiguous(a.Shape, b.Shape, shape))
        {
            Broadcasting.BinaryRows(sa, a.Shape, sb, b.Shape, sy, shape, op switch
            {
                BinaryOp.Add => TensorPrimitives.Add,
                BinaryOp.Sub => TensorPrimitives.Subtract,
                BinaryOp.Mul => TensorPrimitives.Multiply,
                _ => (Broadcasting.RowKernel<T>)TensorPrimitives.Divide,
            });
        }
        else
        {
            Func<T, T, T> f = op switch
            {
                BinaryOp.Add => (x, z) => x + z,
                BinaryOp.Sub => (x, z) => x - z,
                BinaryOp.Mul => (x, z) => x * z,
                _ => (x, z) => x / z,
            };
            Broadcasting.Binary(sa, a.Shape, sb, b.Shape, sy, shape, f);
        }

        return y;
    }

    private static void Same(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, BinaryOp op)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private static void WithScalar(ReadOnlySpan<T> a, T b, Span<T> y, BinaryOp op)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private static void ScalarWith(T a, ReadOnlySpan<T> b, Span<T> y, BinaryOp op)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(b, a, y); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(b, a, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }
}

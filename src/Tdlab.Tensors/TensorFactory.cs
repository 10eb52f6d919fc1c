using System.Numerics;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Tensors;

/// <summary>Creation of tensors: <c>Tensor.Zeros&lt;float&gt;(128, 784)</c>, <c>Tensor.From(data, 2, 3)</c>.</summary>
public static class Tensor
{
    /// <summary>Uninitialised storage from the pool (registered with the current <see cref="TensorScope"/>).</summary>
    public static Tensor<T> Empty<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var storage = TensorPool<T>.Rent(shape.Length);
        TensorScope.Register(storage);
        return new Tensor<T>(storage, 0, shape);
    }

    public static Tensor<T> Empty<T>(params ReadOnlySpan<int> dims) where T : unmanaged, IFloatingPointIeee754<T> =>
        Empty<T>(new Shape(dims));

    public static Tensor<T> Zeros<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Empty<T>(shape);
        t.Span.Clear();
        return t;
    }

    public static Tensor<T> Zeros<T>(params ReadOnlySpan<int> dims) where T : unmanaged, IFloatingPointIeee754<T> =>
        Zeros<T>(new Shape(dims));

    public static Tensor<T> Full<T>(Shape shape, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Empty<T>(shape);
        t.Span.Fill(value);
        return t;
    }

    public static Tensor<T> Ones<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T> => Full(shape, T.One);

    public static Tensor<T> Ones<T>(params ReadOnlySpan<int> dims) where T : unmanaged, IFloatingPointIeee754<T> =>
        Full(new Shape(dims), T.One);

    /// <summary>A rank-0 tensor.</summary>
    public static Tensor<T> Scalar<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> => Full(Shape.Scalar, value);

    /// <summary>A copy of <paramref name="data"/> with the given shape (rank 1 of data.Length when no dims).</summary>
    public static Tensor<T> From<T>(ReadOnlySpan<T> data, params ReadOnlySpan<int> dims) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = dims.Length == 0 ? new Shape(data.Length) : new Shape(dims);
        if (shape.Length != data.Length)
            throw new ArgumentException($"Tensor.From: {data.Length} values do not fill shape {shape}");
        var t = Empty<T>(shape);
        data.CopyTo(t.Span);
        return t;
    }

    public static Tensor<T> From<T>(T[] data, params ReadOnlySpan<int> dims) where T : unmanaged, IFloatingPointIeee754<T> =>
        From((ReadOnlySpan<T>)data, dims);

    /// <summary>Converts values from double (e.g. results of dense linear algebra).</summary>
    public static Tensor<T> FromDouble<T>(ReadOnlySpan<double> data, params ReadOnlySpan<int> dims) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = dims.Length == 0 ? new Shape(data.Length) : new Shape(dims);
        if (shape.Length != data.Length)
            throw new ArgumentException($"Tensor.FromDouble: {data.Length} values do not fill shape {shape}");
        var t = Empty<T>(shape);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating(data[i]);
        return t;
    }

    /// <summary>The n x n identity.</summary>
    public static Tensor<T> Eye<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Zeros<T>(n, n);
        var s = t.Span;
        for (int i = 0; i < n; i++) s[i * n + i] = T.One;
        return t;
    }

    /// <summary>I.i.d. N(mean, std^2) entries from <paramref name="rng"/>.</summary>
    public static Tensor<T> Normal<T>(Rng rng, Shape shape, double mean = 0, double std = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Empty<T>(shape);
        rng.Normal(t.Span, T.CreateTruncating(mean), T.CreateTruncating(std));
        return t;
    }

    /// <summary>I.i.d. U[lo, hi) entries from <paramref name="rng"/>.</summary>
    public static Tensor<T> Uniform<T>(Rng rng, Shape shape, double lo, double hi) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Empty<T>(shape);
        rng.Uniform(t.Span, T.CreateTruncating(lo), T.CreateTruncating(hi));
        return t;
    }

    /// <summary>0, 1, ..., n-1.</summary>
    public static Tensor<T> Arange<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Empty<T>(n);
        var s = t.Span;
        for (int i = 0; i < n; i++) s[i] = T.CreateTruncating(i);
        return t;
    }

    /// <summary>Rows of one-hot vectors: (labels.Length, classes).</summary>
    public static Tensor<T> OneHot<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Zeros<T>(labels.Length, classes);
        var s = t.Span;
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"OneHot: label {labels[i]} outside 0..{classes - 1}");
            s[i * classes + labels[i]] = T.One;
        }

        return t;
    }

    /// <summary>Joins tensors along an existing axis.</summary>
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> parts, int axis = 0) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.Concat(parts, axis);

    /// <summary>Stacks equal-shape tensors along a new leading axis.</summary>
    public static Tensor<T> Stack<T>(IReadOnlyList<Tensor<T>> parts) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<T>.Concat(parts.Select(p => p.Reshape(new Shape([1, .. p.Shape.ToArray()]))).ToList(), 0);
}

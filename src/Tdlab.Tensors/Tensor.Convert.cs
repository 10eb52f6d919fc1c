using System.Numerics;
using System.Numerics.Tensors;

namespace Tdlab.Tensors;

/// <summary>Precision conversion and in-place updates for optimisers (never recorded).</summary>
public sealed partial class Tensor<T>
{
    /// <summary>A copy in another precision (not recorded).</summary>
    public Tensor<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var y = Tensor.Empty<TOut>(Shape);
        y.CopyConverted(this);
        return y;
    }

    /// <summary>Copies values from a tensor of the same shape in another precision, rounding to this one (not recorded).</summary>
    public void CopyConverted<TFrom>(Tensor<TFrom> other) where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
    {
        if (other.Shape != Shape) throw new ArgumentException($"CopyConverted: shapes {other.Shape} and {Shape} differ");
        var src = other.Span;
        var dst = Span;
        for (int i = 0; i < dst.Length; i++) dst[i] = T.CreateTruncating(src[i]);
    }

    /// <summary>this += alpha * other, in place (an optimiser update; not recorded).</summary>
    public void AddInPlace(Tensor<T> other, T alpha)
    {
        if (other.Shape != Shape) throw new ArgumentException($"AddInPlace: shapes {Shape} and {other.Shape} differ");
        TensorPrimitives.MultiplyAdd(other.Span, alpha, Span, Span);
    }

    /// <summary>this *= s, in place.</summary>
    public void ScaleInPlace(T s) => TensorPrimitives.Multiply(Span, s, Span);

    /// <summary>Copies values from a tensor of the same shape.</summary>
    public void CopyFrom(Tensor<T> other)
    {
        if (other.Shape != Shape) throw new ArgumentException($"CopyFrom: shapes {Shape} and {other.Shape} differ");
        other.Span.CopyTo(Span);
    }

    public void Fill(T value) => Span.Fill(value);

    /// <summary>True when every element is finite.</summary>
    public bool IsFinite()
    {
        foreach (var v in Span)
            if (!T.IsFinite(v)) return false;
        return true;
    }
}

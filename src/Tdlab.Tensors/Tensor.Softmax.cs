using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors;

/// <summary>Softmax and log-softmax over the last axis.</summary>
public sealed partial class Tensor<T>
{
    // y = softmax(x); dx = y * (g - sum(g * y))   (sum over the last axis)
    public Tensor<T> Softmax()
    {
        int cols = Shape[-1];
        var y = Tensor.Empty<T>(Shape);
        Rows.Softmax<T>(Span, Length / Math.Max(cols, 1), cols, y.Span);
        return Autograd.Record(y, "softmax", [this], g => [y * (g - (g * y).Sum(-1, keepDim: true))]);
    }

    // y = x - logsumexp(x); dx = g - softmax(x) * sum(g)
    public Tensor<T> LogSoftmax()
    {
        int cols = Shape[-1];
        var y = Tensor.Empty<T>(Shape);
        Rows.LogSoftmax<T>(Span, Length / Math.Max(cols, 1), cols, y.Span);
        return Autograd.Record(y, "log_softmax", [this], g => [g - y.Exp() * g.Sum(-1, keepDim: true)]);
    }
}

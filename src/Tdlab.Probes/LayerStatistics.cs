using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Probes;

/// <summary>
/// Per-layer signal and gradient statistics of a feed-forward <see cref="Sequential{T}"/> on one batch:
/// the forward signal after each hidden activation and the weight-gradient norm of each Linear layer.
/// Pure: the model's parameters and their .Grad are left untouched.
/// </summary>
public static class LayerStatistics
{
    /// <summary>
    /// Statistics of the output F_l of every hidden activation l = 1..L (every child after the first that
    /// follows a Linear layer and is not itself Linear): the second moment E[F_l^2] (the quantity of the
    /// variance recursion E F_l^2 = rho E F_{l-1}^2 + E B^2 / 2, seed 002) and the variance Var[F_l], both
    /// over batch and units; and the variance of every Linear layer's output (the pre-activations).
    /// Cost: one forward pass.
    /// </summary>
    public static SignalStatistics Signal<T>(Sequential<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m2 = new List<double>();
        var variance = new List<double>();
        var preVariance = new List<double>();
        using (Autograd.NoGrad())
        {
            var h = x;
            foreach (var layer in model.Layers)
            {
                h = layer.Forward(h);
                var (mean, second) = Moments(h);
                if (layer is Linear<T>)
                {
                    preVariance.Add(second - mean * mean);
                }
                else
                {
                    m2.Add(second);
                    variance.Add(second - mean * mean);
                }
            }
        }

        return new SignalStatistics([.. m2], [.. variance], [.. preVariance]);
    }

    /// <summary>
    /// Frobenius norm ||dL/dW_l|| of every Linear layer's weight, input layer first, computed with
    /// <see cref="Autograd.Grad{T}(IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}?, bool)"/>
    /// so no .Grad is written. Cost: one forward and one backward pass.
    /// </summary>
    public static double[] WeightGradientNorms<T>(Sequential<T> model, Tensor<T> x, Func<Tensor<T>, Tensor<T>> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = model.Layers.OfType<Linear<T>>().Select(l => l.Weight).ToList();
        using var rec = Autograd.EnableGrad();
        var l = loss(model.Forward(x));
        var grads = Autograd.Grad([l], weights);
        return grads.Select(g => Math.Sqrt(g.SumOfSquares())).ToArray();
    }

    private static (double Mean, double Second) Moments<T>(Tensor<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0, sq = 0;
        foreach (var v in h.Span)
        {
            double d = double.CreateTruncating(v);
            sum += d;
            sq += d * d;
        }

        int n = Math.Max(1, h.Length);
        return (sum / n, sq / n);
    }
}

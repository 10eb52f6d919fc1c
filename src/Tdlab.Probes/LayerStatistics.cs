using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Probes;

/// <summary>
/// Per-layer signal and gradient statistics of a feed-forward <see cref="Sequential{T}"/> on one batch:
/// the forward signal after each hidden activation and the weight-gradient norm of each Linear layer.
/// Pure: the model's parameters and their .Grad are left untouched. For an ensemble (Linear layers with a
/// member axis) the <c>PerMember</c> forms give one result per member, computed on the member's own slice.
/// </summary>
public static class LayerStatistics
{
    /// <summary>
    /// Statistics of the output F_l of every hidden activation l = 1..L (every non-Linear child): the second
    /// moment E[F_l^2] (the quantity of the variance recursion E F_l^2 = rho E F_{l-1}^2 + E B^2 / 2, seed 002)
    /// and the variance Var[F_l], both over batch and units; and the variance of every Linear layer's output
    /// (the pre-activations). Cost: one forward pass.
    /// </summary>
    public static SignalStatistics Signal<T>(Sequential<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        SignalPerMember(model, x)[0];

    /// <summary><see cref="Signal{T}"/> for each member of an ensemble (one entry for a single model).</summary>
    public static SignalStatistics[] SignalPerMember<T>(Sequential<T> model, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int members = Members(model);
        var m2 = Lists(members);
        var variance = Lists(members);
        var preVariance = Lists(members);
        using (Autograd.NoGrad())
        {
            var h = x;
            foreach (var layer in model.Layers)
            {
                h = layer.Forward(h);
                for (int e = 0; e < members; e++)
                {
                    var (mean, second) = Moments(Slice(h, e, members));
                    if (layer is Linear<T>)
                    {
                        preVariance[e].Add(second - mean * mean);
                    }
                    else
                    {
                        m2[e].Add(second);
                        variance[e].Add(second - mean * mean);
                    }
                }
            }
        }

        return Enumerable.Range(0, members).Select(e => new SignalStatistics([.. m2[e]], [.. variance[e]], [.. preVariance[e]])).ToArray();
    }

    /// <summary>
    /// Frobenius norm ||dL/dW_l|| of every Linear layer's weight, input layer first, computed with
    /// <see cref="Autograd.Grad{T}(IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}?, bool)"/>
    /// so no .Grad is written. Cost: one forward and one backward pass.
    /// </summary>
    public static double[] WeightGradientNorms<T>(Sequential<T> model, Tensor<T> x, Func<Tensor<T>, Tensor<T>> loss)
        where T : unmanaged, IFloatingPointIeee754<T> => WeightGradientNormsPerMember(model, x, loss)[0];

    /// <summary>
    /// <see cref="WeightGradientNorms{T}"/> for each member of an ensemble: the loss returns one value per member
    /// (shape (E)), whose sum is differentiated; member e's norms come from its slice of each weight gradient.
    /// </summary>
    public static double[][] WeightGradientNormsPerMember<T>(Sequential<T> model, Tensor<T> x, Func<Tensor<T>, Tensor<T>> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int members = Members(model);
        var weights = model.Layers.OfType<Linear<T>>().Select(l => l.Weight).ToList();
        using var rec = Autograd.EnableGrad();
        var l = loss(model.Forward(x));
        var grads = Autograd.Grad([l.Length == 1 ? l : l.Sum()], weights);
        return Enumerable.Range(0, members)
            .Select(e => grads.Select(g => Math.Sqrt(SumOfSquares(Slice(g, e, members)))).ToArray())
            .ToArray();
    }

    /// <summary>Members of the model: the member axis of its Linear layers, 1 for a single model.</summary>
    private static int Members<T>(Sequential<T> model) where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.Max(1, model.Layers.OfType<Linear<T>>().FirstOrDefault()?.MemberCount ?? 0);

    /// <summary>Member e's contiguous share of a tensor whose leading axis is the member axis (the whole tensor when members = 1).</summary>
    private static ReadOnlySpan<T> Slice<T>(Tensor<T> t, int e, int members) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = t.Length / members;
        return t.Span.Slice(e * n, n);
    }

    private static List<double>[] Lists(int n) => Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();

    private static double SumOfSquares<T>(ReadOnlySpan<T> s) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(s));

    private static (double Mean, double Second) Moments<T>(ReadOnlySpan<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0, sq = 0;
        foreach (var v in h)
        {
            double d = double.CreateTruncating(v);
            sum += d;
            sq += d * d;
        }

        int n = Math.Max(1, h.Length);
        return (sum / n, sq / n);
    }
}

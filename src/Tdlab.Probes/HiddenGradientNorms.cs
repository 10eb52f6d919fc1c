using System.Numerics;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;

namespace Tdlab.Probes;

/// <summary>
/// Hidden-state gradient norms of a recurrent net on one batch: n_t = ||dL/dh_t|| (Frobenius over the batch)
/// for t = 1..L, the backpropagation-through-time adjoint delta_t = dL/dh_t|direct + delta_{t+1} dh_{t+1}/dh_t
/// (Pascanu, Mikolov and Bengio 2013). A product of step Jacobians with per-step gain gamma makes
/// n_t ~ gamma^(L - t): log n_t is linear in t, with slope -ln gamma (positive: vanishing going back in time;
/// negative: exploding). Cost: one forward and one backward pass; parameter gradients are left untouched.
/// </summary>
public static class HiddenGradientNorms
{
    /// <summary>
    /// Runs <paramref name="net"/> on x (L, B, n_in), applies <paramref name="loss"/> to the unrolled sequence and
    /// returns ||dL/dh_t|| for t = 1..L (index t - 1) and the loss value.
    /// </summary>
    public static (double[] Norms, double Loss) Measure<T>(Recurrent<T> net, Tensor<T> x, Func<RecurrentSequence<T>, Tensor<T>> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sequence = net.Run(x);
        var l = loss(sequence);
        if (l.Length != 1)
            throw new ArgumentException($"HiddenGradientNorms.Measure: loss must be a scalar, got shape {l.Shape}");
        return (sequence.GradientNorms(l), l.ItemDouble());
    }

    /// <summary>
    /// Least-squares fit log n_t = a + b t over t = from..to (1-based, inclusive), skipping entries that are not
    /// positive and finite (an underflowed or overflowed norm). See <see cref="LogLinearFit"/>.
    /// </summary>
    public static LogLinearFit Fit(ReadOnlySpan<double> norms, int from, int to)
    {
        if (from < 1 || to > norms.Length || to < from)
            throw new ArgumentException($"HiddenGradientNorms.Fit: range [{from}, {to}] outside 1..{norms.Length}");
        var ts = new List<double>();
        var ys = new List<double>();
        for (int t = from; t <= to; t++)
        {
            double v = norms[t - 1];
            if (v > 0 && double.IsFinite(v))
            {
                ts.Add(t);
                ys.Add(Math.Log(v));
            }
        }

        return LogLinearFit.Of(ts, ys, to - from + 1);
    }
}

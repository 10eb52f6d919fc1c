using System.Numerics;
using Tdlab.Data;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.Common;

/// <summary>
/// Minibatch training and evaluation of an ensemble of E classifiers (logits (E, B, k)) on shared batches,
/// with softmax cross-entropy per member. Members are independent: a member whose loss is not finite is
/// reported and keeps stepping on its own NaNs without touching the others. A single model (logits (B, k))
/// is an ensemble of one (<see cref="Classifier"/>).
/// </summary>
public static class EnsembleClassifier
{
    /// <summary>Mean cross-entropy and accuracy of every member over the whole set, without recording.</summary>
    public static (double[] Loss, double[] Accuracy) Evaluate<T>(Module<T> model, Dataset data, int members, int batchSize = 512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loss = new double[members];
        var accuracy = new double[members];
        int[] all = data.AllRows();
        using var noGrad = Autograd.NoGrad();
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = TensorScope.Begin();
            var rows = all.AsSpan(start, Math.Min(batchSize, data.Count - start));
            var labels = data.LabelsOf(rows);
            var logits = model.Forward(data.X<T>(rows));
            var l = Loss.CrossEntropy(logits, labels);                                  // (E), or a scalar for one model
            var a = logits.Rank == 2 ? [Loss.Accuracy(logits, labels)] : Loss.AccuracyPerMember(logits, labels);
            for (int e = 0; e < members; e++)
            {
                loss[e] += double.CreateTruncating(l[e]) * rows.Length;
                accuracy[e] += a[e] * rows.Length;
            }
        }

        for (int e = 0; e < members; e++)
        {
            loss[e] /= data.Count;
            accuracy[e] /= data.Count;
        }

        return (loss, accuracy);
    }

    /// <summary>
    /// One epoch of minibatch training in a random order from <paramref name="rng"/>, on sum_e L_e (each member's
    /// gradient is its own). Returns, per member, the first step whose loss was not finite, or -1; the epoch
    /// ends early, before that step's update, once every member's loss is not finite.
    /// </summary>
    public static int[] TrainEpoch<T>(Module<T> model, Optimizer<T> optimizer, Dataset data, int members, int batchSize, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var firstBad = Enumerable.Repeat(-1, members).ToArray();
        int[] order = rng.Permutation(data.Count);
        int step = 0;
        for (int start = 0; start + batchSize <= data.Count; start += batchSize, step++)
        {
            using var scope = TensorScope.Begin();
            var rows = order.AsSpan(start, batchSize);
            var losses = Loss.CrossEntropy(model.Forward(data.X<T>(rows)), data.LabelsOf(rows));   // (E)
            bool anyFinite = false;
            for (int e = 0; e < members; e++)
            {
                if (firstBad[e] < 0 && !T.IsFinite(losses[e])) firstBad[e] = step;
                anyFinite |= T.IsFinite(losses[e]);
            }

            if (!anyFinite) return firstBad;
            optimizer.ZeroGrad();
            losses.Sum().Backward();
            optimizer.Step();
        }

        return firstBad;
    }
}

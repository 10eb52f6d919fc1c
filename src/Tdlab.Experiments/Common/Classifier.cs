using System.Numerics;
using Tdlab.Data;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.Common;

/// <summary>Minibatch training and evaluation of a classifier with softmax cross-entropy.</summary>
public static class Classifier
{
    /// <summary>Mean cross-entropy and accuracy over the whole set, in batches, without recording.</summary>
    public static (double Loss, double Accuracy) Evaluate<T>(Module<T> model, Dataset data, int batchSize = 512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double loss = 0, correct = 0;
        int[] all = data.AllRows();
        using var noGrad = Autograd.NoGrad();
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = TensorScope.Begin();
            var rows = all.AsSpan(start, Math.Min(batchSize, data.Count - start));
            var labels = data.LabelsOf(rows);
            var logits = model.Forward(data.X<T>(rows));
            loss += Loss.CrossEntropy(logits, labels).ItemDouble() * rows.Length;
            correct += Loss.Accuracy(logits, labels) * rows.Length;
        }

        return (loss / data.Count, correct / data.Count);
    }

    /// <summary>
    /// One epoch of minibatch SGD-style training in a random order drawn from <paramref name="rng"/>.
    /// Returns the index of the first step whose loss was not finite, or -1 when every step was finite.
    /// </summary>
    public static int TrainEpoch<T>(Module<T> model, Optimizer<T> optimizer, Dataset data, int batchSize, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] order = rng.Permutation(data.Count);
        int step = 0;
        for (int start = 0; start + batchSize <= data.Count; start += batchSize, step++)
        {
            using var scope = TensorScope.Begin();
            var rows = order.AsSpan(start, batchSize);
            var loss = Loss.CrossEntropy(model.Forward(data.X<T>(rows)), data.LabelsOf(rows));
            if (!T.IsFinite(loss.Item())) return step;
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
        }

        return -1;
    }
}

using System.Numerics;
using Tdlab.Data;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.Common;

/// <summary>
/// Evaluation of an ensemble of E classifiers (logits (E, B, k)) with softmax cross-entropy per member; a single
/// model (logits (B, k)) is an ensemble of one (<see cref="Classifier"/>). Training is Tdlab.Lab.Training.TrainingLoop's.
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
}

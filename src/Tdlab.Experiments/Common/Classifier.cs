using System.Numerics;
using Tdlab.Data;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Common;

/// <summary>Evaluation of one classifier with softmax cross-entropy: an ensemble of one.</summary>
public static class Classifier
{
    /// <summary>Mean cross-entropy and accuracy over the whole set, in batches, without recording.</summary>
    public static (double Loss, double Accuracy) Evaluate<T>(Module<T> model, Dataset data, int batchSize = 512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (loss, accuracy) = EnsembleClassifier.Evaluate(model, data, members: 1, batchSize);
        return (loss[0], accuracy[0]);
    }
}

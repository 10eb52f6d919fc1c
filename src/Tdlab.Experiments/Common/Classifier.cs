using System.Numerics;
using Tdlab.Data;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Common;

/// <summary>Minibatch training and evaluation of one classifier with softmax cross-entropy: an ensemble of one.</summary>
public static class Classifier
{
    /// <summary>Mean cross-entropy and accuracy over the whole set, in batches, without recording.</summary>
    public static (double Loss, double Accuracy) Evaluate<T>(Module<T> model, Dataset data, int batchSize = 512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (loss, accuracy) = EnsembleClassifier.Evaluate(model, data, members: 1, batchSize);
        return (loss[0], accuracy[0]);
    }

    /// <summary>
    /// One epoch of minibatch training in a random order drawn from <paramref name="rng"/>. Returns the index of
    /// the first step whose loss was not finite (the epoch ends there, before its update), or -1.
    /// </summary>
    public static int TrainEpoch<T>(Module<T> model, Optimizer<T> optimizer, Dataset data, int batchSize, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
        => EnsembleClassifier.TrainEpoch(model, optimizer, data, members: 1, batchSize, rng)[0];
}

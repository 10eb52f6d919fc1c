using Tdlab.Data;
using Tdlab.Data.Synthetic;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>Classification data with symmetric label noise on the training set only.</summary>
internal static class LipschitzData
{
    /// <summary>
    /// Synthetic: a Gaussian mixture with labelNoise (per example, with probability p the label is replaced
    /// by a uniform class). Images: the first trainSize / testSize examples, training labels corrupted the same
    /// way. Depends on <paramref name="rng"/> (the replicate's shared "data" stream) and the noise only, so all runs of a
    /// replicate share it.
    /// </summary>
    public static DataSplit Load(Rng rng, string data, int inputDim, int classes, int trainSize, int testSize, double labelNoise)
    {
        if (DataSources.IsSynthetic(data))
            return GaussianMixture.Generate(rng, inputDim, classes, trainSize, testSize, labelNoise: labelNoise);

        var split = DataSources.LoadImages(data, trainSize, testSize);
        if (labelNoise == 0) return split;
        var train = split.Train;
        var noisy = rng.Child("label-noise");
        var labels = train.Labels!.Select(y => noisy.NextDouble() < labelNoise ? noisy.NextInt(train.Classes) : y).ToArray();
        return split with { Train = new Dataset(train.Name + "+label-noise", train.Features, train.Count, train.Dim, labels, train.Classes) };
    }
}

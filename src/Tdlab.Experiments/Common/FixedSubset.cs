using Tdlab.Data;
using Tdlab.Lab.Runner;
using Tdlab.Tensors;

namespace Tdlab.Experiments.Common;

/// <summary>
/// A fixed training subset in float64: the first n examples of the training split (images average-pooled by pool x pool
/// blocks), inputs X (n, d), one-hot targets Y (n, C) and labels, the same for every run and seed (as Cohen et al. use the
/// first 5,000 CIFAR-10 images). Synthetic data is a 10-class Gaussian mixture from the replicate's shared stream.
/// </summary>
public sealed record FixedSubset(Tensor<double> X, Tensor<double> Y, int[] Labels, int Classes)
{
    public const int Classes10 = 10;

    public int Count => Labels.Length;

    public int Dim => X.Shape[1];

    public static FixedSubset Load(RunContext ctx, string data, int examples, int pool, int syntheticDim)
    {
        var train = ClassificationTask.Load(ctx, data, syntheticDim, Classes10, examples, 1).Train;
        if (train.Count < examples)
            throw new InvalidOperationException($"{examples} examples requested, the data has {train.Count}");
        bool images = !DataSources.IsSynthetic(data);
        var features = images && pool > 1 ? AveragePool(train.Features, train.Count, 28, pool) : train.Features;
        int dim = features.Length / train.Count;
        var x = Tensor.Empty<double>(train.Count, dim);
        for (int i = 0; i < features.Length; i++) x.Span[i] = features[i];
        var labels = train.Labels!;
        var y = Tensor.Zeros<double>(train.Count, Classes10);
        for (int i = 0; i < labels.Length; i++) y.Span[i * Classes10 + labels[i]] = 1;
        return new FixedSubset(x, y, labels, Classes10);
    }

    /// <summary>Rejects a data setting that cannot be loaded, a pool that does not divide 28, or more examples than a training split holds.</summary>
    public static void Validate(string data, int examples, int pool)
    {
        ClassificationTask.Validate(data);
        if (!DataSources.IsSynthetic(data) && 28 % pool != 0)
            throw new Lab.BadInputException($"pool must divide 28, got {pool}");
        if (examples > 60000) throw new Lab.BadInputException($"examples must be at most 60000, got {examples}");
    }

    /// <summary>Mean over pool x pool blocks of each side x side image (row-major, n images); a ragged edge block is dropped.</summary>
    public static float[] AveragePool(float[] images, int n, int side, int pool)
    {
        int outSide = side / pool, outDim = outSide * outSide;
        var pooled = new float[n * outDim];
        float scale = 1f / (pool * pool);
        for (int i = 0; i < n; i++)
            for (int r = 0; r < outSide; r++)
                for (int c = 0; c < outSide; c++)
                {
                    float sum = 0;
                    for (int dr = 0; dr < pool; dr++)
                        for (int dc = 0; dc < pool; dc++) sum += images[i * side * side + (r * pool + dr) * side + c * pool + dc];
                    pooled[i * outDim + r * outSide + c] = sum * scale;
                }

        return pooled;
    }
}

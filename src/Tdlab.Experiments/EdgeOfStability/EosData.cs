using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Tensors;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// The fixed training subset: the first n examples (images average-pooled by pool x pool blocks), inputs X (n, d) and
/// one-hot targets Y (n, C), as Cohen et al. use the first 5,000 CIFAR-10 images with one-hot square-loss targets.
/// </summary>
public sealed record EosData(Tensor<double> X, Tensor<double> Y, int[] Labels, int Classes)
{
    public const int Classes10 = 10;

    public int Count => Labels.Length;

    public int Dim => X.Shape[1];

    public static EosData Load(RunContext ctx, EdgeOfStabilitySettings c)
    {
        var train = ClassificationTask.Load(ctx, c.Data, c.SyntheticDim, Classes10, c.Examples, 1).Train;
        if (train.Count < c.Examples)
            throw new InvalidOperationException($"edge-of-stability: {c.Examples} examples requested, the data has {train.Count}");
        bool images = !DataSources.IsSynthetic(c.Data);
        var features = images && c.Pool > 1 ? AveragePool(train.Features, train.Count, 28, c.Pool) : train.Features;
        int dim = features.Length / train.Count;
        var x = Tensor.Empty<double>(train.Count, dim);
        for (int i = 0; i < features.Length; i++) x.Span[i] = features[i];
        var labels = train.Labels!;
        var y = Tensor.Zeros<double>(train.Count, Classes10);
        for (int i = 0; i < labels.Length; i++) y.Span[i * Classes10 + labels[i]] = 1;
        return new EosData(x, y, labels, Classes10);
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

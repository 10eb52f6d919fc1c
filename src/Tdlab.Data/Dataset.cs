using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Data;

/// <summary>
/// An in-memory dataset: n examples of d features (row-major float storage, (n, d)) with either integer class
/// labels (classification) or real targets (n, targetDim) (regression). Batches come out as tensors of the
/// run's precision.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] features, int count, int dim, int[]? labels, int classes, float[]? targets = null, int targetDim = 0)
    {
        if (features.Length != (long)count * dim)
            throw new ArgumentException($"Dataset {name}: {features.Length} feature values for {count} x {dim}");
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"Dataset {name}: {labels.Length} labels for {count} examples");
        if (targets is not null && targets.Length != (long)count * targetDim)
            throw new ArgumentException($"Dataset {name}: {targets.Length} target values for {count} x {targetDim}");
        Name = name;
        Features = features;
        Count = count;
        Dim = dim;
        Labels = labels;
        Classes = classes;
        Targets = targets;
        TargetDim = targetDim;
    }

    public string Name { get; }

    /// <summary>(Count, Dim) row-major.</summary>
    public float[] Features { get; }

    public int Count { get; }

    public int Dim { get; }

    /// <summary>Class labels 0..Classes-1, or null for regression data.</summary>
    public int[]? Labels { get; }

    public int Classes { get; }

    /// <summary>(Count, TargetDim) row-major regression targets, or null.</summary>
    public float[]? Targets { get; }

    public int TargetDim { get; }

    /// <summary>Features of the given rows as a (rows.Length, Dim) tensor.</summary>
    public Tensor<T> X<T>(ReadOnlySpan<int> rows) where T : unmanaged, IFloatingPointIeee754<T> => Gather<T>(Features, Dim, rows);

    /// <summary>All features as a (Count, Dim) tensor.</summary>
    public Tensor<T> X<T>() where T : unmanaged, IFloatingPointIeee754<T> => X<T>(AllRows());

    /// <summary>Regression targets of the given rows, (rows.Length, TargetDim).</summary>
    public Tensor<T> Y<T>(ReadOnlySpan<int> rows) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gather<T>(Targets ?? throw new InvalidOperationException($"Dataset {Name} has no regression targets"), TargetDim, rows);

    /// <summary>Labels of the given rows.</summary>
    public int[] LabelsOf(ReadOnlySpan<int> rows)
    {
        var labels = Labels ?? throw new InvalidOperationException($"Dataset {Name} has no class labels");
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) y[i] = labels[rows[i]];
        return y;
    }

    /// <summary>The first <paramref name="n"/> examples (e.g. a small training set).</summary>
    public Dataset Take(int n)
    {
        n = Math.Min(n, Count);
        return new Dataset(Name, Features[..(n * Dim)], n, Dim, Labels?[..n], Classes, Targets?[..(n * TargetDim)], TargetDim);
    }

    public int[] AllRows() => Enumerable.Range(0, Count).ToArray();

    private static Tensor<T> Gather<T>(float[] source, int width, ReadOnlySpan<int> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Tensor.Empty<T>(rows.Length, width);
        var dst = t.Span;
        for (int i = 0; i < rows.Length; i++)
        {
            var src = source.AsSpan(rows[i] * width, width);
            var d = dst.Slice(i * width, width);
            if (typeof(T) == typeof(float))
                src.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(d));
            else
                for (int j = 0; j < width; j++) d[j] = T.CreateTruncating(src[j]);
        }

        return t;
    }
}

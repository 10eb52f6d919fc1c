using Tdlab.Data;
using Tdlab.Data.Synthetic;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Tensors;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// The binary task: inputs x (n, d) normalised to ||x|| = sqrt(d) (the sphere of Geiger et al. 2020) and labels
/// y (n, 1) in {-1, +1}: synthetic teacher-student labels sign(V tanh(W x / sqrt(d))) of a random tanh teacher (label 0 -> +1), or an image set with classes
/// 0-4 -> +1 and 5-9 -> -1.
/// </summary>
internal static class BinaryTask
{
    /// <summary>Hidden units of the tanh teacher that labels the synthetic inputs.</summary>
    public const int TeacherWidth = 8;

    public sealed record Split(Tensor<double> X, Tensor<double> Y);

    /// <summary>The replicate's data: synthetic labels come from its shared stream "data", so every run of a replicate sees the same examples.</summary>
    public static (Split Train, Split Test) Load(RunContext context, LazyVsFeatureRun c)
    {
        bool synthetic = DataSources.IsSynthetic(c.Data);
        var split = synthetic
            ? TeacherStudent.Classification(context.Shared("data", "teacher-student"), c.InputDim, TeacherWidth, 2, c.TrainSize, c.TestSize)
            : ClassificationTask.Load(context, c.Data, c.InputDim, 10, c.TrainSize, c.TestSize);
        return (Convert(split.Train, synthetic), Convert(split.Test, synthetic));
    }

    private static Split Convert(Dataset data, bool synthetic)
    {
        var x = data.X<double>();
        int n = data.Count, d = data.Dim;
        var s = x.Span;
        for (int i = 0; i < n; i++)
        {
            var row = s.Slice(i * d, d);
            double norm = 0;
            foreach (var v in row) norm += v * v;
            double scale = norm > 0 ? Math.Sqrt(d / norm) : 0;
            for (int k = 0; k < d; k++) row[k] *= scale;
        }

        var labels = data.LabelsOf(data.AllRows());
        var y = Tensor.FromDouble<double>(labels.Select(l => (synthetic ? l == 0 : l < 5) ? 1.0 : -1.0).ToArray(), n, 1);
        return new Split(x, y);
    }
}

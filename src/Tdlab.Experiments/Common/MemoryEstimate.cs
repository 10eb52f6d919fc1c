using Tdlab.Data;

namespace Tdlab.Experiments.Common;

/// <summary>
/// Rough peak memory of a run, for the planning guard (Experiment.MemoryEstimate): generous upper estimates, not
/// measurements. Parameters count four times (values, gradients, two optimiser moments), a batch's activations
/// three times (forward values kept for backward, their gradients, scratch).
/// </summary>
public static class MemoryEstimate
{
    /// <summary>An MLP inputs -> width x hidden layers -> outputs, trained on batches of <paramref name="batch"/>, in bytes.</summary>
    public static long Mlp(long inputs, long width, long hidden, long outputs, long batch, int bytes)
    {
        long parameters = inputs * width + Math.Max(0, hidden - 1) * width * width + width * outputs;
        return bytes * (4 * parameters + 3 * batch * width * Math.Max(1, hidden));
    }

    /// <summary>Input dimension of a classification task: 784 for image folders, <paramref name="synthetic"/> for synthetic data.</summary>
    public static long Inputs(string data, int synthetic) => DataSources.IsSynthetic(data) ? synthetic : 784;

    /// <summary>Bytes per value of a precision (float64: 8, else 4).</summary>
    public static int Bytes(Precision precision) => precision == Precision.Float64 ? 8 : 4;
}

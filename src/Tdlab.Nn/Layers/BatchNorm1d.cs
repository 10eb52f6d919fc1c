using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>
/// Batch normalisation over the batch axis (Ioffe and Szegedy 2015), inputs (B, F) or (E, B, F) in an
/// ensemble. Training mode: y = (x - mu_B) / sqrt(var_B + eps) * gamma + beta with the batch mean and
/// biased batch variance, and the running statistics move as r = (1 - momentum) r + momentum s, with
/// the unbiased variance for the running variance (PyTorch's convention). Evaluation mode normalises
/// with the running statistics. Running statistics are buffers ("running_mean", "running_var").
/// </summary>
public sealed class BatchNorm1d<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _eps;

    public BatchNorm1d(int features, double momentum = 0.1, double eps = 1e-5, bool affine = true, int members = 0)
    {
        if (features <= 0) throw new ArgumentException($"BatchNorm1d: features must be positive, got {features}");
        Features = features;
        Momentum = momentum;
        Eps = eps;
        MemberCount = members;
        _eps = T.CreateTruncating(eps);
        var shape = members > 0 ? new Shape(members, 1, features) : new Shape(features);
        if (affine)
        {
            Gamma = AddParameter("weight", Tensor.Ones<T>(shape));
            Beta = AddParameter("bias", Tensor.Zeros<T>(shape));
        }

        RunningMean = AddBuffer("running_mean", Tensor.Zeros<T>(shape));
        RunningVar = AddBuffer("running_var", Tensor.Ones<T>(shape));
    }

    public int Features { get; }

    public double Momentum { get; }

    public double Eps { get; }

    public int MemberCount { get; }

    public Tensor<T>? Gamma { get; }

    public Tensor<T>? Beta { get; }

    public Tensor<T> RunningMean { get; }

    public Tensor<T> RunningVar { get; }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        int rank = MemberCount > 0 ? 3 : 2;
        if (x.Rank != rank || x.Shape[-1] != Features || (MemberCount > 0 && x.Shape[0] != MemberCount))
            throw new ArgumentException($"BatchNorm1d({Features}{(MemberCount > 0 ? $", {MemberCount} members" : "")}): input shape {x.Shape}");
        Tensor<T> y;
        if (Training)
        {
            int batch = x.Shape[-2];
            if (batch < 2) throw new ArgumentException($"BatchNorm1d: training needs more than one row per batch, got {x.Shape}");
            bool keep = MemberCount > 0;
            var mean = x.Mean(-2, keepDim: keep);                 // (F) or (E, 1, F)
            var xc = x - mean;
            var variance = xc.Square().Mean(-2, keepDim: keep);   // biased
            y = xc / (variance + _eps).Sqrt();
            UpdateRunning(mean, variance, batch);
        }
        else
        {
            y = (x - RunningMean) / (RunningVar + _eps).Sqrt();
        }

        return Gamma is null ? y : y * Gamma + Beta!;
    }

    private void UpdateRunning(Tensor<T> mean, Tensor<T> variance, int batch)
    {
        T m = T.CreateTruncating(Momentum), keep = T.One - m, unbias = T.CreateTruncating(batch / (batch - 1.0));
        Span<T> rm = RunningMean.Span, rv = RunningVar.Span;
        ReadOnlySpan<T> bm = mean.Span, bv = variance.Span;
        for (int i = 0; i < rm.Length; i++)
        {
            rm[i] = keep * rm[i] + m * bm[i];
            rv[i] = keep * rv[i] + m * unbias * bv[i];
        }
    }
}

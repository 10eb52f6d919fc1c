using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>
/// Layer normalisation over the last axis (Ba, Kiros and Hinton 2016):
/// y = (x - mu) / sqrt(var + eps) * gamma + beta, mu and var (biased) over the F features of each row.
/// gamma, beta: (F), or (E, 1, F) in an ensemble of E members (inputs (E, B, F)). Built from
/// differentiable ops, so it has exact second derivatives.
/// </summary>
public sealed class LayerNorm<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _eps;

    public LayerNorm(int features, double eps = 1e-5, bool affine = true, int members = 0)
    {
        if (features <= 0) throw new ArgumentException($"LayerNorm: features must be positive, got {features}");
        Features = features;
        Eps = eps;
        _eps = T.CreateTruncating(eps);
        var shape = members > 0 ? new Shape(members, 1, features) : new Shape(features);
        if (affine)
        {
            Gamma = AddParameter("weight", Tensor.Ones<T>(shape));
            Beta = AddParameter("bias", Tensor.Zeros<T>(shape));
        }
    }

    public int Features { get; }

    public double Eps { get; }

    public Tensor<T>? Gamma { get; }

    public Tensor<T>? Beta { get; }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        if (x.Rank == 0 || x.Shape[-1] != Features)
            throw new ArgumentException($"LayerNorm({Features}): input shape {x.Shape}");
        var xc = x - x.Mean(-1, keepDim: true);                       // (..., F)
        var inv = T.One / (xc.Square().Mean(-1, keepDim: true) + _eps).Sqrt();   // (..., 1)
        var y = xc * inv;
        return Gamma is null ? y : y * Gamma + Beta!;
    }
}

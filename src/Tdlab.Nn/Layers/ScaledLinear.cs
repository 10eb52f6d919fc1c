using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn;

/// <summary>
/// An affine layer whose weight is an isotropic scale times a matrix: y = s (x W^T) + b, with s a scalar
/// parameter (shape (1)), W (out, in) and b (out) (seed 004 section 3.3: "weights as a product of a scaling
/// matrix and matrix belonging to the manifold", isotropic case; Salimans and Kingma 2016 for the per-layer
/// version of weight normalisation). W is meant to live on a manifold (Stiefel, Oblique: put it in a
/// <see cref="Optim.ParamGroup{T}"/> with that geometry) while s and b are trained in flat space. Single
/// model only (no member axis). Backward: ds = sum(g ⊙ x W^T), dW = s g^T x, dx = s g W, db = sum over rows of g.
/// </summary>
public sealed class ScaledLinear<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>W from <paramref name="init"/>.Weight (then placed by the caller on its manifold), b from its Bias, s = <paramref name="scale"/>.</summary>
    public ScaledLinear(int inFeatures, int outFeatures, Rng rng, double scale, LayerInit init)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(init);
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"ScaledLinear: features must be positive, got in {inFeatures}, out {outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var w = Tensor.Empty<T>(outFeatures, inFeatures);
        var b = Tensor.Empty<T>(outFeatures);
        init.Weight.Fill(w.Span, outFeatures, inFeatures, rng);            // weight then bias, as Linear draws them
        init.Bias.Fill(b.Span, outFeatures, inFeatures, rng);
        Scale = AddParameter("scale", Tensor.Full(new Shape(1), T.CreateTruncating(scale)));
        Weight = AddParameter("weight", w);
        Bias = AddParameter("bias", b);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>s (1).</summary>
    public Tensor<T> Scale { get; }

    /// <summary>W (out, in).</summary>
    public Tensor<T> Weight { get; }

    /// <summary>b (out).</summary>
    public Tensor<T> Bias { get; }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        if (x.Rank != 2 || x.Shape[1] != InFeatures)
            throw new ArgumentException($"ScaledLinear({InFeatures} -> {OutFeatures}): input shape {x.Shape}");
        return x.MatMul(Weight, transB: true) * Scale + Bias;              // (B, out) * (1) + (out)
    }

    /// <summary>s W (out, in), not recorded: the weight of the equivalent plain Linear layer.</summary>
    public Tensor<T> EffectiveWeight()
    {
        using var _ = Autograd.NoGrad();
        return (Weight * Scale).Detach().Clone();
    }
}

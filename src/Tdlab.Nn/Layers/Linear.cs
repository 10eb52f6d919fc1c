using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn;

/// <summary>
/// Affine layer y = x W^T + b (PyTorch convention: weight (out, in), bias (out)). In an ensemble of E
/// members the weight is (E, out, in), the bias (E, 1, out), and the input (E, B, in), or (B, in) shared
/// by every member; one batched GEMM serves all members.
/// Forward: one GEMM with op(B) = W^T and an in-place row-bias add, recorded as one "linear" node
/// (see Linear.Fused.cs; <see cref="Forward(Tensor{T}, Activation)"/> fuses a following relu, tanh or
/// sigmoid into the same node, as <see cref="Sequential{T}"/> does). Backward: dx = g W, dW = g^T x,
/// db = sum over rows of g.
/// </summary>
public sealed partial class Linear<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Draws W (and b) from <paramref name="members"/> (a plain Rng for a single model) with <paramref name="init"/> (default PyTorch's).</summary>
    public Linear(int inFeatures, int outFeatures, Members members, bool bias = true, LayerInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: features must be positive, got in {inFeatures}, out {outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        MemberCount = members.Axis;
        init ??= LayerInit.Default;

        int e = members.Count;
        var w = members.IsEnsemble ? Tensor.Empty<T>(e, outFeatures, inFeatures) : Tensor.Empty<T>(outFeatures, inFeatures);
        var b = members.IsEnsemble ? Tensor.Empty<T>(e, 1, outFeatures) : Tensor.Empty<T>(outFeatures);
        int wn = outFeatures * inFeatures;
        for (int m = 0; m < e; m++)
        {
            // Per member: weight then bias from the member's stream, as a single model draws them.
            init.Weight.Fill(w.Span.Slice(m * wn, wn), outFeatures, inFeatures, members.Rng(m), members.Scale(m));
            if (bias) init.Bias.Fill(b.Span.Slice(m * outFeatures, outFeatures), outFeatures, inFeatures, members.Rng(m));
        }

        Weight = AddParameter("weight", w);
        Bias = bias ? AddParameter("bias", b) : null;
    }

    /// <summary>
    /// A layer with the given weight (out, in) and bias (out), copied: for weights that come from elsewhere (a
    /// PyTorch state dict, a checkpoint), without drawing random ones first.
    /// </summary>
    public Linear(Tensor<T> weight, Tensor<T>? bias = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear: weight must be (out, in), got {weight.Shape}");
        OutFeatures = weight.Shape[0];
        InFeatures = weight.Shape[1];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != OutFeatures))
            throw new ArgumentException($"Linear: bias must be ({OutFeatures}), got {bias.Shape}");
        Weight = AddParameter("weight", weight);
        Bias = bias is null ? null : AddParameter("bias", bias);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>Length of the leading member axis, 0 for a single model.</summary>
    public int MemberCount { get; }

    public Tensor<T> Weight { get; }

    public Tensor<T>? Bias { get; }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        CheckInput(x);
        if (Chains(x)) return LinearChain.Forward<T>([new(this, Activation.Identity)], x);
        var y = x.MatMul(Weight, transB: true);   // shared input (B, in) -> (E, B, out)
        return Bias is null ? y : AddBias(y, Bias);
    }

    internal void CheckInput(Tensor<T> x)
    {
        if (x.Rank < 2 || x.Shape[-1] != InFeatures || (MemberCount > 0 && x.Rank == 3 && x.Shape[0] != MemberCount))
            throw new ArgumentException($"Linear({InFeatures} -> {OutFeatures}{(MemberCount > 0 ? $", {MemberCount} members" : "")}): input shape {x.Shape}");
    }

    /// <summary>y + b on every row, written into y's storage (the product is not needed by MatMul's backward).</summary>
    private Tensor<T> AddBias(Tensor<T> y, Tensor<T> b)
    {
        var z = y.Detach();
        var zs = z.Span;
        if (MemberCount == 0)
        {
            Rows.AddVector<T>(zs, b.Span, zs.Length / OutFeatures, zs);
        }
        else
        {
            int rows = y.Shape[1], n = rows * OutFeatures;
            for (int m = 0; m < MemberCount; m++)
            {
                var zm = zs.Slice(m * n, n);
                Rows.AddVector<T>(zm, b.Span.Slice(m * OutFeatures, OutFeatures), rows, zm);
            }
        }

        // d(y + b) = (g, sum of g over the rows of each member)
        return Autograd.Record(z, "bias_add", [y, b], g =>
            [g, b.RequiresGrad ? (MemberCount == 0 ? g.SumTo(b.Shape) : g.Sum(1, keepDim: true)) : null]);
    }
}

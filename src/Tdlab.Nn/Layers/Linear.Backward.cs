using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn;

/// <summary>The two backward passes of the fused affine op (see Linear.Fused.cs): on kernels, and with recorded ops.</summary>
public sealed partial class Linear<T>
{
    // dx = dz W, dW = dz^T x, db = column sums of dz, with recorded ops (double backward); dz (..., out) or (E, B, out)
    internal Tensor<T>?[] DifferentiableBackward(Tensor<T> x, Tensor<T> dz, int rows)
    {
        var w = Weight;
        var b = Bias;
        Tensor<T>? dx = null, dw = null, db = null;
        if (MemberCount == 0)
        {
            var g2 = dz.Reshape(rows, OutFeatures);
            if (x.RequiresGrad) dx = g2.MatMul(w).Reshape(x.Shape);
            if (w.RequiresGrad) dw = g2.MatMul(x.Reshape(rows, InFeatures), transA: true);
            if (b is not null && b.RequiresGrad) db = g2.SumTo(b.Shape);
        }
        else
        {
            if (x.RequiresGrad) dx = dz.MatMul(w);
            if (w.RequiresGrad) dw = dz.MatMul(x, transA: true);
            if (b is not null && b.RequiresGrad) db = dz.Sum(1, keepDim: true);
        }

        return b is null ? [dx, dw] : [dx, dw, db];
    }

    /// <summary>
    /// Where this layer's parameter gradients go in a plain backward: straight into .Grad when
    /// <see cref="Autograd.LeafGradAccumulator{T}"/> offers it (written or added), else into fresh tensors
    /// returned as the node's gradients (<see cref="GradTargets.Dw"/>, <see cref="GradTargets.Db"/>).
    /// </summary>
    internal GradTargets Targets()
    {
        var t = new GradTargets();
        if (Weight.RequiresGrad)
        {
            t.W = Autograd.LeafGradAccumulator(Weight, out bool overwrite);
            t.WAdd = t.W is not null && !overwrite;
            t.W ??= t.Dw = Tensor.Empty<T>(Weight.Shape);
        }

        if (Bias is not null && Bias.RequiresGrad)
        {
            t.B = Autograd.LeafGradAccumulator(Bias, out bool overwrite);
            t.BAdd = t.B is not null && !overwrite;
            t.B ??= t.Db = Tensor.Empty<T>(Bias.Shape);
        }

        return t;
    }

    // member m given dz (rows, out) and its input xm (rows, in): dx_m = dz W_m into dxm (unless empty),
    // dW_m (+)= dz^T x_m and db_m (+)= column sums of dz into the targets
    internal void BackwardMember(ReadOnlySpan<T> dz, ReadOnlySpan<T> xm, int m, int rows, Span<T> dxm, GradTargets t)
    {
        int nIn = InFeatures, nOut = OutFeatures;
        ReadOnlySpan<T> wm = Weight.Span.Slice(m * nOut * nIn, nOut * nIn);
        if (nOut == 1)
        {
            ReadoutBackward(dz, xm, wm, dxm, t.W is null ? default : t.W.Span.Slice(m * nIn, nIn), t.WAdd);
        }
        else
        {
            if (!dxm.IsEmpty)                                                          // dx_m = dz W_m      (rows, in)
                Gemm.Compute(Transpose.None, Transpose.None, rows, nIn, nOut, T.One, dz, nOut, wm, nIn, T.Zero, dxm, nIn);
            if (t.W is not null)                                                       // dW_m (+)= dz^T x_m (out, in)
                Gemm.Compute(Transpose.Transpose, Transpose.None, nOut, nIn, rows, T.One, dz, nOut, xm, nIn,
                    t.WAdd ? T.One : T.Zero, t.W.Span.Slice(m * nOut * nIn, nOut * nIn), nIn);
        }

        if (t.B is null) return;
        var bm = t.B.Span.Slice(m * nOut, nOut);                                       // db_m (+)= sum_r dz[r, :]
        if (t.BAdd) Rows.AddColumnSums(dz, rows, bm);
        else Rows.SumColumns(dz, rows, bm);
    }

    // one output (dz a column): dx = dz w (outer product), dw (+)= x^T dz; empty spans for what is not needed
    private static void ReadoutBackward(ReadOnlySpan<T> dz, ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> dx, Span<T> dw, bool add)
    {
        if (!dx.IsEmpty) Rows.Outer(dz, w, dx);
        if (dw.IsEmpty) return;
        if (!add) dw.Clear();
        Rows.AddWeightedRows(x, dz, dw);
    }
}

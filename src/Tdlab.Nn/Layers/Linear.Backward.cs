using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn;

/// <summary>The two backward passes of the fused affine op (see Linear.Fused.cs): on kernels, and with recorded ops.</summary>
public sealed partial class Linear<T>
{
    // dx = dz W, dW = dz^T x, db = column sums of dz, with recorded ops (double backward); dz (..., out) or (E, B, out)
    private Tensor<T>?[] DifferentiableBackward(Tensor<T> x, Tensor<T> dz, int rows)
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

    // dz = g phi'(y); dx = dz W, dW = dz^T x, db = column sums of dz, member by member on kernels
    private Tensor<T>?[] FusedBackward(Tensor<T> x, Tensor<T> y, Tensor<T> g, Activation phi, int e, int rows)
    {
        var w = Weight;
        var b = Bias;
        int nIn = InFeatures, nOut = OutFeatures, tile = rows * nOut;
        Tensor<T>? dx = x.RequiresGrad ? Tensor.Empty<T>(x.Shape) : null;
        Tensor<T>? dw = null, db = null, wTarget = null, bTarget = null;
        bool wAdd = false, bAdd = false;
        if (w.RequiresGrad)
        {
            wTarget = Autograd.LeafGradAccumulator(w, out bool overwrite);
            wAdd = wTarget is not null && !overwrite;
            wTarget ??= dw = Tensor.Empty<T>(w.Shape);
        }

        if (b is not null && b.RequiresGrad)
        {
            bTarget = Autograd.LeafGradAccumulator(b, out bool overwrite);
            bAdd = bTarget is not null && !overwrite;
            bTarget ??= db = Tensor.Empty<T>(b.Shape);
        }

        // single model: dz whole, GEMMs on every thread; ensemble: one dz tile per thread, members split over threads
        int parts = e == 1 ? 1 : MemberParts(e, (long)tile * nIn);
        int threads = e == 1 ? Parallelism.Threads : 1;
        var scratch = phi == Activation.Identity ? null : Tensor.Empty<T>(parts * tile);
        ForMemberRanges(e, parts, (part, m0, m1) =>
        {
            using var limit = Parallelism.Limit(threads);
            for (int m = m0; m < m1; m++)
            {
                ReadOnlySpan<T> gm = g.Span.Slice(m * tile, tile);
                ReadOnlySpan<T> dz = gm;
                if (scratch is not null)
                {
                    var dzTile = scratch.Span.Slice(part * tile, tile);
                    ActivationBackward(y.Span.Slice(m * tile, tile), gm, dzTile, phi);
                    dz = dzTile;
                }

                ReadOnlySpan<T> xm = x.Span.Slice(m * rows * nIn, rows * nIn);
                if (nOut == 1)
                {
                    ReadoutBackward(dz, xm, w.Span.Slice(m * nIn, nIn), dx is null ? default : dx.Span.Slice(m * rows * nIn, rows * nIn),
                        wTarget is null ? default : wTarget.Span.Slice(m * nIn, nIn), wAdd);
                }
                else if (dx is not null)                                                        // dx_m = dz W_m      (rows, in)
                    Gemm.Compute(Transpose.None, Transpose.None, rows, nIn, nOut, T.One, dz, nOut,
                        w.Span.Slice(m * nOut * nIn, nOut * nIn), nIn, T.Zero, dx.Span.Slice(m * rows * nIn, rows * nIn), nIn);
                if (wTarget is not null && nOut > 1)                                       // dW_m (+)= dz^T x_m (out, in)
                    Gemm.Compute(Transpose.Transpose, Transpose.None, nOut, nIn, rows, T.One, dz, nOut, xm, nIn,
                        wAdd ? T.One : T.Zero, wTarget.Span.Slice(m * nOut * nIn, nOut * nIn), nIn);
                if (bTarget is not null)                                                   // db_m (+)= sum_r dz[r, :]
                {
                    var bm = bTarget.Span.Slice(m * nOut, nOut);
                    if (bAdd) Rows.AddColumnSums(dz, rows, bm);
                    else Rows.SumColumns(dz, rows, bm);
                }
            }
        });

        if (scratch is not null) TensorScope.Release(scratch);                         // hot in cache for the next layer's dz
        return b is null ? [dx, dw] : [dx, dw, db];
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

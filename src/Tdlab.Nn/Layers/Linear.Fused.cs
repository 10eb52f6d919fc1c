using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn;

/// <summary>
/// The fused affine op of <see cref="Linear{T}"/>: y = x W^T + b as one GEMM plus an in-place bias add,
/// recorded as a single node (one Node, one closure, no intermediate product tensor). Its backward
/// (plain backward) runs the GEMMs on spans: dx = g W, dW = g^T x and db = column sums of g, adding dW
/// and db straight into the parameters' .Grad when <see cref="Autograd.LeafGradAccumulator{T}"/> offers
/// it (GEMM with beta = 1); when the backward itself is recorded (createGraph) it is written with
/// differentiable ops, as MatMul's and the bias add's own backward would be. Shapes: a single model
/// takes x (..., in) (any leading axes, flattened to rows); an ensemble takes x (E, B, in).
/// </summary>
public sealed partial class Linear<T>
{
    private const int WideRows = 32;

    private Tensor<T> Fused(Tensor<T> x)
    {
        int e = Math.Max(MemberCount, 1), rows = x.Length / (e * InFeatures), nIn = InFeatures, nOut = OutFeatures;
        var w = Weight;
        var b = Bias;
        var y = Tensor.Empty<T>(x.Shape.With(x.Rank - 1, nOut));                     // (..., out) or (E, B, out)
        if (NarrowAffine.IsFast<T>(nOut, nIn))
        {
            // short input (e.g. 10 features): the bias folded into a direct kernel, no GEMM packing
            ReadOnlySpan<T> xs = x.Span, ws = w.Span, bs = b is null ? default : b.Span;
            Span<T> ys = y.Span;
            for (int m = 0; m < e; m++)
                NarrowAffine.Forward(xs.Slice(m * rows * nIn, rows * nIn), ws.Slice(m * nOut * nIn, nOut * nIn),
                    b is null ? default : bs.Slice(m * nOut, nOut), rows, nOut, nIn, ys.Slice(m * rows * nOut, rows * nOut));
        }
        else
        {
            Gemm.ComputeBatched(Transpose.None, Transpose.Transpose, e, rows, nOut, nIn, T.One,
                x.Span, nIn, (long)rows * nIn, w.Span, nIn, (long)nOut * nIn, T.Zero, y.Span, nOut, (long)rows * nOut);
            if (b is not null)
            {
                Span<T> ys = y.Span;
                ReadOnlySpan<T> bs = b.Span;
                for (int m = 0; m < e; m++)
                {
                    var ym = ys.Slice(m * rows * nOut, rows * nOut);
                    Rows.AddVector<T>(ym, bs.Slice(m * nOut, nOut), rows, ym);
                }
            }
        }

        Tensor<T>[] inputs = b is null ? [x, w] : [x, w, b];
        return Autograd.Record(y, "linear", inputs, g => Autograd.IsRecording
            ? DifferentiableBackward(x, g, rows)
            : FusedBackward(x, g, e, rows));
    }

    // The same vector-Jacobian product with recorded ops (double backward).
    private Tensor<T>?[] DifferentiableBackward(Tensor<T> x, Tensor<T> g, int rows)
    {
        var w = Weight;
        var b = Bias;
        Tensor<T>? dx = null, dw = null, db = null;
        if (MemberCount == 0)
        {
            var g2 = g.Reshape(rows, OutFeatures);
            if (x.RequiresGrad) dx = g2.MatMul(w).Reshape(x.Shape);
            if (w.RequiresGrad) dw = g2.MatMul(x.Reshape(rows, InFeatures), transA: true);
            if (b is not null && b.RequiresGrad) db = g2.SumTo(b.Shape);
        }
        else
        {
            if (x.RequiresGrad) dx = g.MatMul(w);
            if (w.RequiresGrad) dw = g.MatMul(x, transA: true);
            if (b is not null && b.RequiresGrad) db = g.Sum(1, keepDim: true);
        }

        return b is null ? [dx, dw] : [dx, dw, db];
    }

    private Tensor<T>?[] FusedBackward(Tensor<T> x, Tensor<T> g, int e, int rows)
    {
        var w = Weight;
        var b = Bias;
        int nIn = InFeatures, nOut = OutFeatures;
        ReadOnlySpan<T> gs = g.Span;
        Tensor<T>? dx = null, dw = null, db = null;
        if (x.RequiresGrad)
        {
            dx = Tensor.Empty<T>(x.Shape);                                             // dx = g W
            Gemm.ComputeBatched(Transpose.None, Transpose.None, e, rows, nIn, nOut, T.One,
                gs, nOut, (long)rows * nOut, w.Span, nIn, (long)nOut * nIn, T.Zero, dx.Span, nIn, (long)rows * nIn);
        }

        if (w.RequiresGrad)
        {
            // dW = g^T x, added straight into W.Grad when offered (the GEMM's beta = 1 update is slower than a
            // separate add for narrow rows, so not below WideRows inputs)
            var acc = nIn >= WideRows ? Autograd.LeafGradAccumulator(w) : null;
            var target = acc ?? (dw = Tensor.Empty<T>(w.Shape));
            Gemm.ComputeBatched(Transpose.Transpose, Transpose.None, e, nOut, nIn, rows, T.One,
                gs, nOut, (long)rows * nOut, x.Span, nIn, (long)rows * nIn, acc is null ? T.Zero : T.One,
                target.Span, nIn, (long)nOut * nIn);
        }

        if (b is not null && b.RequiresGrad)
        {
            var acc = Autograd.LeafGradAccumulator(b);                                 // db = sum of the rows of g
            var target = acc ?? (db = Tensor.Zeros<T>(b.Shape));
            Span<T> ts = target.Span;
            for (int m = 0; m < e; m++)
            {
                var s = ts.Slice(m * nOut, nOut);
                var gm = gs.Slice(m * rows * nOut, rows * nOut);
                for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(s, gm.Slice(r * nOut, nOut), s);
            }
        }

        return b is null ? [dx, dw] : [dx, dw, db];
    }
}

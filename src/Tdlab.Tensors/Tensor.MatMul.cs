using System.Numerics;
using Tdlab.Kernels;
using Kernels = Tdlab.Kernels;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors;

/// <summary>Matrix products on the packed GEMM, including a leading member/batch axis for ensembles.</summary>
public sealed partial class Tensor<T>
{
    /// <summary>
    /// C = op(A) op(B) with op = transpose when the flag is set. Shapes: (m,k)@(k,n) -> (m,n);
    /// (E,m,k)@(E,k,n) -> (E,m,n) (a stack of independent products); a rank-2 operand is shared by every
    /// member of a rank-3 one. Backward (C = A B): dA = g B^T, dB = A^T g, with the transposes carried
    /// into the flags, and a shared operand's gradient summed over the members.
    /// </summary>
    public Tensor<T> MatMul(Tensor<T> b, bool transA = false, bool transB = false)
    {
        var a = this;
        // (E,m,k)@(k,n) without transA is one product of the stacked rows: (E*m,k)@(k,n).
        if (a.Rank == 3 && b.Rank == 2 && !transA)
        {
            var flat = a.Reshape(a.Shape[0] * a.Shape[1], a.Shape[2]).MatMul(b, false, transB);
            return flat.Reshape(a.Shape[0], a.Shape[1], flat.Shape[1]);
        }

        var y = MatMulForward(a, b, transA, transB);
        return Autograd.Record(y, "matmul", [a, b], g =>
        {
            Tensor<T>? ga = null, gb = null;
            if (a.RequiresGrad)
            {
                ga = (transA, transB) switch
                {
                    (false, false) => g.MatMul(b, false, true),   // g B^T
                    (false, true) => g.MatMul(b, false, false),   // g B
                    (true, false) => b.MatMul(g, false, true),    // B g^T
                    _ => b.MatMul(g, true, true),                 // B^T g^T
                };
                ga = ga.SumTo(a.Shape);
            }

            if (b.RequiresGrad)
            {
                gb = (transA, transB) switch
                {
                    (false, false) => a.MatMul(g, true, false),   // A^T g
                    (false, true) => g.MatMul(a, true, false),    // g^T A
                    (true, false) => a.MatMul(g, false, false),   // A g
                    _ => g.MatMul(a, true, true),                 // g^T A^T
                };
                gb = gb.SumTo(b.Shape);
            }

            return [ga, gb];
        });
    }

    private static Tensor<T> MatMulForward(Tensor<T> a, Tensor<T> b, bool transA, bool transB)
    {
        if (a.Rank is < 2 or > 3 || b.Rank is < 2 or > 3)
            throw new ArgumentException($"MatMul: needs rank-2 or rank-3 operands, got {a.Shape} and {b.Shape}");
        int batchA = a.Rank == 3 ? a.Shape[0] : 1, batchB = b.Rank == 3 ? b.Shape[0] : 1;
        if (a.Rank == 3 && b.Rank == 3 && batchA != batchB)
            throw new ArgumentException($"MatMul: batch sizes differ in {a.Shape} and {b.Shape}");
        int ra = a.Shape[-2], ca = a.Shape[-1], rb = b.Shape[-2], cb = b.Shape[-1];
        int m = transA ? ca : ra, k = transA ? ra : ca;
        int kb = transB ? cb : rb, n = transB ? rb : cb;
        if (k != kb)
            throw new ArgumentException(
                $"MatMul: inner dimensions differ: {a.Shape}{(transA ? "^T" : "")} @ {b.Shape}{(transB ? "^T" : "")}");
        var ta = transA ? Kernels.Transpose.Transpose : Kernels.Transpose.None;
        var tb = transB ? Kernels.Transpose.Transpose : Kernels.Transpose.None;
        if (a.Rank == 2 && b.Rank == 2)
        {
            var y2 = Tensor.Empty<T>(m, n);
            Gemm.Compute(ta, tb, m, n, k, T.One, a.Span, ca, b.Span, cb, T.Zero, y2.Span, n);
            return y2;
        }

        int batch = Math.Max(batchA, batchB);
        var y = Tensor.Empty<T>(batch, m, n);
        Gemm.ComputeBatched(ta, tb, batch, m, n, k, T.One,
            a.Span, ca, a.Rank == 3 ? (long)ra * ca : 0,
            b.Span, cb, b.Rank == 3 ? (long)rb * cb : 0,
            T.Zero, y.Span, n, (long)m * n);
        return y;
    }
}

using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn;

public static partial class Loss
{
    /// <summary>
    /// Softmax cross-entropy with integer labels, -1/B sum_b log softmax(z_b)[y_b], computed from a
    /// max-shifted log-softmax (stable for any logits). Logits (B, C) give a scalar; (E, B, C) give per-member
    /// losses (E), with labels per member (E*B, member-major) or shared (B).
    /// One fused op; backward dz = g (softmax(z) - onehot(y)) / B, written with differentiable ops when the
    /// backward is itself recorded (second derivatives), with one fused loop otherwise.
    /// </summary>
    public static Tensor<T> CrossEntropy<T>(Tensor<T> logits, ReadOnlySpan<int> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Rank is < 2 or > 3)
            throw new ArgumentException($"Loss.CrossEntropy: logits must be (B, C) or (E, B, C), got {logits.Shape}");
        int classes = logits.Shape[-1], batch = logits.Shape[-2], rows = logits.Length / classes;
        int members = logits.Rank == 3 ? logits.Shape[0] : 1;
        var y = ExpandLabels(labels, rows, batch, classes, logits.Shape);

        var logp = Tensor.Empty<T>(logits.Shape);
        Rows.LogSoftmax<T>(logits.Span, rows, classes, logp.Span);
        var loss = logits.Rank == 3 ? Tensor.Empty<T>(members) : Tensor.Empty<T>(Shape.Scalar);
        ReadOnlySpan<T> lp = logp.Span;
        T invBatch = T.One / T.CreateTruncating(batch);
        for (int m = 0; m < members; m++)
        {
            T sum = T.Zero;
            for (int b = 0; b < batch; b++)
            {
                int r = m * batch + b;
                sum += lp[r * classes + y[r]];
            }

            loss.Span[m] = -sum * invBatch;
        }

        return Autograd.Record(loss, "cross_entropy", [logits], g =>
        {
            if (Autograd.IsRecording)
            {
                // g * (softmax(z) - onehot(y)) / B, differentiable in z and in g
                var onehot = Tensor.OneHot<T>(y, classes).Reshape(logits.Shape);
                var scale = logits.Rank == 3 ? g.Reshape(members, 1, 1) : g;
                return [(logits.Softmax() - onehot) * (scale * invBatch)];
            }

            var dz = Tensor.Empty<T>(logits.Shape);
            Span<T> d = dz.Span;
            TensorPrimitives.Exp(logp.Span, d);
            for (int r = 0; r < rows; r++) d[r * classes + y[r]] -= T.One;
            int n = batch * classes;
            for (int m = 0; m < members; m++)
            {
                var dm = d.Slice(m * n, n);
                TensorPrimitives.Multiply(dm, g.Span[m] * invBatch, dm);
            }

            return [dz];
        });
    }

    /// <summary>Fraction of rows whose arg-max logit is the label (logits (B, C)).</summary>
    public static double Accuracy<T>(Tensor<T> logits, ReadOnlySpan<int> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Rank != 2) throw new ArgumentException($"Loss.Accuracy: logits must be (B, C), got {logits.Shape}; use AccuracyPerMember for (E, B, C)");
        return AccuracyPerMember(logits.Reshape(1, logits.Shape[0], logits.Shape[1]), labels)[0];
    }

    /// <summary>Per-member accuracy of logits (E, B, C), labels per member (E*B) or shared (B).</summary>
    public static double[] AccuracyPerMember<T>(Tensor<T> logits, ReadOnlySpan<int> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Rank != 3) throw new ArgumentException($"Loss.AccuracyPerMember: logits must be (E, B, C), got {logits.Shape}");
        int members = logits.Shape[0], batch = logits.Shape[1], classes = logits.Shape[2];
        var y = ExpandLabels(labels, members * batch, batch, classes, logits.Shape);
        var arg = logits.ArgMax(-1);
        var acc = new double[members];
        for (int m = 0; m < members; m++)
        {
            int hits = 0;
            for (int b = 0; b < batch; b++) if (arg[m * batch + b] == y[m * batch + b]) hits++;
            acc[m] = (double)hits / batch;
        }

        return acc;
    }

    /// <summary>One label per row (labels shared by members are repeated), each checked to lie in 0..classes-1.</summary>
    private static int[] ExpandLabels(ReadOnlySpan<int> labels, int rows, int batch, int classes, Shape shape)
    {
        if (labels.Length != rows && labels.Length != batch)
            throw new ArgumentException($"Loss.CrossEntropy: {labels.Length} labels for logits {shape} (need {batch} or {rows})");
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = labels[labels.Length == rows ? r : r % batch];
            if ((uint)label >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"Loss.CrossEntropy: label {label} outside 0..{classes - 1}");
            y[r] = label;
        }

        return y;
    }
}

using System.Numerics;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors;

/// <summary>Reshape, transpose, slicing, gathering and concatenation, each with its adjoint.</summary>
public sealed partial class Tensor<T>
{
    /// <summary>A view with new dimensions (one may be -1, inferred). Shares storage.</summary>
    public Tensor<T> Reshape(params ReadOnlySpan<int> dims)
    {
        var d = dims.ToArray();
        int infer = Array.IndexOf(d, -1);
        if (infer >= 0)
        {
            int known = 1;
            for (int i = 0; i < d.Length; i++) if (i != infer) known *= d[i];
            d[infer] = known == 0 ? 0 : Length / known;
        }

        return Reshape(new Shape(d));
    }

    public Tensor<T> Reshape(Shape shape)
    {
        if (shape.Length != Length)
            throw new ArgumentException($"Reshape: cannot view {Shape} ({Length} elements) as {shape}");
        if (shape == Shape) return this;
        var y = new Tensor<T>(Storage, _start, shape);
        var from = Shape;
        return Autograd.Record(y, "reshape", [this], g => [g.Reshape(from)]);
    }

    /// <summary>Swaps the last two axes (rank 2 or 3), copying. Adjoint: the same swap.</summary>
    public Tensor<T> Transpose()
    {
        if (Rank is < 2 or > 3) throw new InvalidOperationException($"Transpose: needs rank 2 or 3, got {Shape}");
        int batch = Rank == 3 ? Shape[0] : 1, r = Shape[-2], c = Shape[-1];
        var y = Tensor.Empty<T>(Rank == 3 ? new Shape(batch, c, r) : new Shape(c, r));
        ReadOnlySpan<T> x = Span;
        Span<T> o = y.Span;
        const int Block = 32;
        for (int b = 0; b < batch; b++)
        {
            int off = b * r * c;
            for (int i0 = 0; i0 < r; i0 += Block)
                for (int j0 = 0; j0 < c; j0 += Block)
                    for (int i = i0; i < Math.Min(i0 + Block, r); i++)
                        for (int j = j0; j < Math.Min(j0 + Block, c); j++)
                            o[off + j * r + i] = x[off + i * c + j];
        }

        return Autograd.Record(y, "transpose", [this], g => [g.Transpose()]);
    }

    /// <summary>Rows start..start+count-1 of the first axis, as a view. Adjoint: zero-padding.</summary>
    public Tensor<T> SliceRows(int start, int count)
    {
        if (Rank == 0 || start < 0 || count < 0 || start + count > Shape[0])
            throw new ArgumentOutOfRangeException(nameof(start), $"SliceRows: rows {start}..{start + count} of {Shape}");
        int row = Shape.Inner(0);
        var y = new Tensor<T>(Storage, _start + start * row, Shape.With(0, count));
        var full = Shape;
        return Autograd.RecordView(y, "slice_rows", this, start * row, g => [g.PadAxis(0, start, full[0])]);
    }

    /// <summary>Elements start..start+length-1 along an axis, copied. Adjoint: <see cref="PadAxis"/>.</summary>
    public Tensor<T> Narrow(int axis, int start, int length)
    {
        int ax = Shape.Axis(axis);
        if (start < 0 || length < 0 || start + length > Shape[ax])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: {start}..{start + length} on axis {axis} of {Shape}");
        if (ax == 0) return SliceRows(start, length).Clone().WithGrad(this, "narrow", g => g.PadAxis(0, start, Shape[0]));
        var y = Tensor.Empty<T>(Shape.With(ax, length));
        int outer = Shape.Outer(ax), inner = Shape.Inner(ax), len = Shape[ax];
        ReadOnlySpan<T> x = Span;
        Span<T> o = y.Span;
        for (int b = 0; b < outer; b++)
            x.Slice((b * len + start) * inner, length * inner).CopyTo(o.Slice(b * length * inner, length * inner));
        int full = len;
        return Autograd.Record(y, "narrow", [this], g => [g.PadAxis(ax, start, full)]);
    }

    /// <summary>Embeds this tensor at offset <paramref name="start"/> of a zero tensor with <paramref name="fullLength"/> along an axis. Adjoint: Narrow.</summary>
    public Tensor<T> PadAxis(int axis, int start, int fullLength)
    {
        int ax = Shape.Axis(axis);
        int len = Shape[ax];
        if (start < 0 || start + len > fullLength)
            throw new ArgumentOutOfRangeException(nameof(start), $"PadAxis: {len} elements at {start} exceed {fullLength}");
        var y = Tensor.Zeros<T>(Shape.With(ax, fullLength));
        int outer = Shape.Outer(ax), inner = Shape.Inner(ax);
        ReadOnlySpan<T> x = Span;
        Span<T> o = y.Span;
        for (int b = 0; b < outer; b++)
            x.Slice(b * len * inner, len * inner).CopyTo(o.Slice((b * fullLength + start) * inner, len * inner));
        return Autograd.Record(y, "pad", [this], g => [g.Narrow(ax, start, len)]);
    }

    /// <summary>Rows of the first axis picked by index (a minibatch). Adjoint: <see cref="IndexAddRows"/>.</summary>
    public Tensor<T> IndexRows(ReadOnlySpan<int> rows)
    {
        if (Rank == 0) throw new InvalidOperationException("IndexRows: needs rank >= 1");
        int row = Shape.Inner(0), n = Shape[0];
        var y = Tensor.Empty<T>(Shape.With(0, rows.Length));
        ReadOnlySpan<T> x = Span;
        Span<T> o = y.Span;
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(rows), $"IndexRows: row {rows[i]} of {Shape}");
            x.Slice(rows[i] * row, row).CopyTo(o.Slice(i * row, row));
        }

        var idx = rows.ToArray();
        return Autograd.Record(y, "index_rows", [this], g => [g.IndexAddRows(idx, n)]);
    }

    /// <summary>out[rows[i]] += this[i] into a zero tensor with <paramref name="totalRows"/> rows. Adjoint: IndexRows.</summary>
    public Tensor<T> IndexAddRows(ReadOnlySpan<int> rows, int totalRows)
    {
        int row = Shape.Inner(0);
        var y = Tensor.Zeros<T>(Shape.With(0, totalRows));
        ReadOnlySpan<T> x = Span;
        Span<T> o = y.Span;
        for (int i = 0; i < rows.Length; i++)
        {
            var dst = o.Slice(rows[i] * row, row);
            System.Numerics.Tensors.TensorPrimitives.Add(dst, x.Slice(i * row, row), dst);
        }

        var idx = rows.ToArray();
        return Autograd.Record(y, "index_add_rows", [this], g => [g.IndexRows(idx)]);
    }

    /// <summary>Joins tensors along an axis; all other dimensions must agree. Adjoint: Narrow per part.</summary>
    public static Tensor<T> Concat(IReadOnlyList<Tensor<T>> parts, int axis = 0)
    {
        if (parts.Count == 0) throw new ArgumentException("Concat: no tensors");
        var first = parts[0].Shape;
        int ax = first.Axis(axis);
        int total = 0;
        foreach (var p in parts)
        {
            if (p.Rank != first.Rank || p.Shape.With(ax, 1) != first.With(ax, 1))
                throw new ArgumentException($"Concat: shape {p.Shape} does not match {first} off axis {axis}");
            total += p.Shape[ax];
        }

        var y = Tensor.Empty<T>(first.With(ax, total));
        int outer = first.Outer(ax), inner = first.Inner(ax);
        Span<T> o = y.Span;
        int offset = 0;
        var starts = new int[parts.Count];
        for (int pi = 0; pi < parts.Count; pi++)
        {
            starts[pi] = offset;
            int len = parts[pi].Shape[ax];
            ReadOnlySpan<T> x = parts[pi].Span;
            for (int b = 0; b < outer; b++)
                x.Slice(b * len * inner, len * inner).CopyTo(o.Slice((b * total + offset) * inner, len * inner));
            offset += len;
        }

        var inputs = parts.ToArray();
        return Autograd.Record(y, "concat", inputs, g =>
        {
            var grads = new Tensor<T>?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].RequiresGrad) grads[i] = g.Narrow(ax, starts[i], inputs[i].Shape[ax]);
            return grads;
        });
    }

    private Tensor<T> WithGrad(Tensor<T> input, string op, Func<Tensor<T>, Tensor<T>> backward) =>
        Autograd.Record(this, op, [input], g => [backward(g)]);
}

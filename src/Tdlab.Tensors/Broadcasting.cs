using System.Numerics;

namespace Tdlab.Tensors;

/// <summary>
/// Strided loops for broadcast binary maps and their adjoint (summing a gradient back to an input's shape).
/// Shapes are padded on the left to rank 4; a broadcast axis has stride 0.
/// </summary>
internal static class Broadcasting
{
    public static (int[] Dims, int[] Strides) Strides(Shape of, Shape target)
    {
        var dims = new int[4];
        var strides = new int[4];
        int pad = 4 - target.Rank, inPad = 4 - of.Rank;
        int stride = 1;
        for (int i = 3; i >= 0; i--)
        {
            dims[i] = i >= pad ? target[i - pad] : 1;
            int size = i >= inPad ? of[i - inPad] : 1;
            strides[i] = size == 1 ? 0 : stride;
            stride *= size;
        }

        return (dims, strides);
    }

    /// <summary>y[idx] = f(a[idx_a], b[idx_b]) over the broadcast shape of y.</summary>
    public static void Binary<T>(ReadOnlySpan<T> a, Shape sa, ReadOnlySpan<T> b, Shape sb, Span<T> y, Shape sy, Func<T, T, T> f)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (d, stA) = Strides(sa, sy);
        var (_, stB) = Strides(sb, sy);
        int o = 0;
        for (int i0 = 0; i0 < d[0]; i0++)
            for (int i1 = 0; i1 < d[1]; i1++)
                for (int i2 = 0; i2 < d[2]; i2++)
                {
                    int ia = i0 * stA[0] + i1 * stA[1] + i2 * stA[2];
                    int ib = i0 * stB[0] + i1 * stB[1] + i2 * stB[2];
                    for (int i3 = 0; i3 < d[3]; i3++)
                        y[o++] = f(a[ia + i3 * stA[3]], b[ib + i3 * stB[3]]);
                }
    }

    /// <summary>
    /// y[row] = op(a[row_a], b[row_b]) row by row, when neither operand is broadcast along the last axis:
    /// the same elements and operations as <see cref="Binary{T}"/>, with a vector kernel per row.
    /// </summary>
    public static void BinaryRows<T>(ReadOnlySpan<T> a, Shape sa, ReadOnlySpan<T> b, Shape sb, Span<T> y, Shape sy,
        RowKernel<T> op) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (d, stA) = Strides(sa, sy);
        var (_, stB) = Strides(sb, sy);
        int cols = d[3], o = 0;
        for (int i0 = 0; i0 < d[0]; i0++)
            for (int i1 = 0; i1 < d[1]; i1++)
                for (int i2 = 0; i2 < d[2]; i2++, o += cols)
                {
                    int ia = i0 * stA[0] + i1 * stA[1] + i2 * stA[2];
                    int ib = i0 * stB[0] + i1 * stB[1] + i2 * stB[2];
                    op(a.Slice(ia, cols), b.Slice(ib, cols), y.Slice(o, cols));
                }
    }

    /// <summary>True when both shapes have the output's last axis (no broadcast along it) of at least 8 elements.</summary>
    public static bool RowsContiguous(Shape sa, Shape sb, Shape sy) =>
        sa.Rank > 0 && sb.Rank > 0 && sy[-1] >= 8 && sa[-1] == sy[-1] && sb[-1] == sy[-1];

    /// <summary>A vector kernel on one row: y = op(a, b).</summary>
    public delegate void RowKernel<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y);

    /// <summary>dst (shape sd) = sum of src (shape ss) over the broadcast axes; sd broadcasts to ss.</summary>
    public static void SumTo<T>(ReadOnlySpan<T> src, Shape ss, Span<T> dst, Shape sd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst.Clear();
        var (d, st) = Strides(sd, ss);
        int o = 0;
        if (st[3] == 1 && d[3] >= 8)
        {
            // whole rows: dst row += src row, in the same order as the element loop below
            int cols = d[3];
            for (int i0 = 0; i0 < d[0]; i0++)
                for (int i1 = 0; i1 < d[1]; i1++)
                    for (int i2 = 0; i2 < d[2]; i2++, o += cols)
                    {
                        var row = dst.Slice(i0 * st[0] + i1 * st[1] + i2 * st[2], cols);
                        System.Numerics.Tensors.TensorPrimitives.Add(row, src.Slice(o, cols), row);
                    }

            return;
        }

        for (int i0 = 0; i0 < d[0]; i0++)
            for (int i1 = 0; i1 < d[1]; i1++)
                for (int i2 = 0; i2 < d[2]; i2++)
                {
                    int id = i0 * st[0] + i1 * st[1] + i2 * st[2];
                    for (int i3 = 0; i3 < d[3]; i3++)
                        dst[id + i3 * st[3]] += src[o++];
                }
    }

    /// <summary>dst (shape sd) = src (shape ss) repeated along broadcast axes.</summary>
    public static void BroadcastTo<T>(ReadOnlySpan<T> src, Shape ss, Span<T> dst, Shape sd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (d, st) = Strides(ss, sd);
        int o = 0;
        for (int i0 = 0; i0 < d[0]; i0++)
            for (int i1 = 0; i1 < d[1]; i1++)
                for (int i2 = 0; i2 < d[2]; i2++)
                {
                    int id = i0 * st[0] + i1 * st[1] + i2 * st[2];
                    if (st[3] == 1)
                    {
                        src.Slice(id, d[3]).CopyTo(dst.Slice(o, d[3]));
                        o += d[3];
                    }
                    else
                    {
                        for (int i3 = 0; i3 < d[3]; i3++) dst[o++] = src[id + i3 * st[3]];
                    }
                }
    }

    /// <summary>True when <paramref name="small"/> equals the trailing axes of <paramref name="big"/> (a row pattern).</summary>
    public static bool IsSuffix(Shape small, Shape big)
    {
        if (small.Rank > big.Rank) return false;
        int off = big.Rank - small.Rank;
        for (int i = 0; i < small.Rank; i++)
            if (small[i] != big[i + off]) return false;
        return true;
    }
}

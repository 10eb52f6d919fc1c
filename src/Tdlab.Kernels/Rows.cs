using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using Tdlab.Kernels.Operators;

namespace Tdlab.Kernels;

/// <summary>
/// Row-wise operations on a row-major (rows x cols) matrix and reductions along one axis of a tensor
/// viewed as (outer, axis, inner), vectorised along contiguous memory and single-threaded, so results
/// are deterministic. Each computes what the same-named <see cref="RowsReference"/> method defines;
/// SumColumns and SumAxis (inner &gt; 1) add in the reference's order and match it bit for bit.
/// Buffers must hold exactly the elements their shape says; otherwise ArgumentException names the shape.
/// </summary>
public static partial class Rows
{
    // y[r, :] = x[r, :] + v   (bias add; x and y may alias)             x, y: (rows, cols), v: (cols)
    public static void AddVector<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        CheckMatrix("Rows.AddVector", "x", x.Length, rows, cols);
        CheckMatrix("Rows.AddVector", "y", y.Length, rows, cols);
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(x.Slice(r * cols, cols), v, y.Slice(r * cols, cols));
    }

    // y[r, :] = relu(x[r, :] + v), tanh(...), sigmoid(...): a dense layer's bias and activation in one pass, equal bit
    // for bit to AddVector then Elementwise.Relu/Tanh/Sigmoid (x and y may alias)    x, y: (rows, cols), v: (cols)
    public static void AddVectorRelu<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.MapRows("Rows.AddVectorRelu", x, v, rows, y, new AddThen<T, ReluOp<T>>(default));

    public static void AddVectorTanh<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.MapRows("Rows.AddVectorTanh", x, v, rows, y, new AddThen<T, TanhOp<T>>(default));

    public static void AddVectorSigmoid<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.MapRows("Rows.AddVectorSigmoid", x, v, rows, y, new AddThen<T, SigmoidOp<T>>(default));

    // s[j] = sum_r x[r, j]   (column sums, e.g. the bias gradient); s is overwritten   x: (rows, cols), s: (cols)
    public static void SumColumns<T>(ReadOnlySpan<T> x, int rows, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMatrix("Rows.SumColumns", "x", x.Length, rows, s.Length);
        s.Clear();
        AccumulateRows<T, Unweighted>(x, default, rows, s);
    }

    // s[j] += sum_r x[r, j], added in row order (e.g. a bias gradient accumulated into .Grad)   x: (rows, cols), s: (cols)
    public static void AddColumnSums<T>(ReadOnlySpan<T> x, int rows, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMatrix("Rows.AddColumnSums", "x", x.Length, rows, s.Length);
        AccumulateRows<T, Unweighted>(x, default, rows, s);
    }

    // y[r, :] = softmax(x[r, :]) = exp(x - max) / sum exp(x - max)      x, y: (rows, cols), may alias
    public static void Softmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMatrix("Rows.Softmax", "x", x.Length, rows, cols);
        CheckMatrix("Rows.Softmax", "y", y.Length, rows, cols);
        if (cols == 0) return;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xr = x.Slice(r * cols, cols);
            Span<T> yr = y.Slice(r * cols, cols);
            ElementwiseDriver.Map("Rows.Softmax", xr, yr, new ExpShiftedOp<T>(TensorPrimitives.Max(xr)));
            TensorPrimitives.Divide(yr, TensorPrimitives.Sum<T>(yr), yr);
        }
    }

    // y[r, :] = x[r, :] - logsumexp(x[r, :])                               x, y: (rows, cols), may alias
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMatrix("Rows.LogSoftmax", "x", x.Length, rows, cols);
        CheckMatrix("Rows.LogSoftmax", "y", y.Length, rows, cols);
        if (cols == 0) return;
        Span<T> chunk = stackalloc T[256];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xr = x.Slice(r * cols, cols);
            T max = TensorPrimitives.Max(xr), sum = T.Zero;
            // sum exp(x - max) through a stack chunk, so x is intact when y aliases it
            for (int j = 0; j < cols; j += chunk.Length)
            {
                int n = Math.Min(chunk.Length, cols - j);
                ElementwiseDriver.Map("Rows.LogSoftmax", xr.Slice(j, n), chunk[..n], new ExpShiftedOp<T>(max));
                sum += TensorPrimitives.Sum<T>(chunk[..n]);
            }
            TensorPrimitives.Subtract(xr, max + T.Log(sum), y.Slice(r * cols, cols));
        }
    }

    // dst[o, i] = sum_a src[o, a, i]                                    src: (outer, axis, inner), dst: (outer, inner)
    public static void SumAxis<T>(ReadOnlySpan<T> src, int outer, int axis, int inner, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAxis("Rows.SumAxis", src.Length, dst.Length, outer, axis, inner);
        for (int o = 0; o < outer; o++)
        {
            Span<T> d = dst.Slice(o * inner, inner);
            ReadOnlySpan<T> block = src.Slice(o * axis * inner, axis * inner);
            if (axis == 0) d.Clear();
            else if (inner == 1) d[0] = TensorPrimitives.Sum(block);  // pairwise-vector order, not a-order
            else
            {
                d.Clear();  // the sum starts at +0, as in the reference (so a single -0 sums to +0)
                AccumulateRows<T, Unweighted>(block, default, axis, d);
            }
        }
    }

    // dst[o, i] = max_a src[o, a, i]; arg[o, i] = first a attaining it (IEEE 754-2019 maximum: the first NaN
    // wins, +0 beats -0, as in TensorPrimitives.IndexOfMax). axis >= 1.  src: (outer, axis, inner); dst, arg: (outer, inner)
    public static void MaxAxis<T>(ReadOnlySpan<T> src, int outer, int axis, int inner, Span<T> dst, Span<int> arg) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAxis("Rows.MaxAxis", src.Length, dst.Length, outer, axis, inner);
        if (arg.Length != dst.Length)
            throw new ArgumentException(Invariant($"Rows.MaxAxis: arg has {arg.Length} elements, expected outer*inner = {dst.Length}."));
        if (axis == 0 && outer * inner > 0)
            throw new ArgumentException(Invariant($"Rows.MaxAxis: the reduced axis is empty (outer {outer}, axis 0, inner {inner})."));
        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<T> block = src.Slice(o * axis * inner, axis * inner);
            Span<T> d = dst.Slice(o * inner, inner);
            Span<int> ai = arg.Slice(o * inner, inner);
            if (inner == 1)
            {
                ai[0] = TensorPrimitives.IndexOfMax(block);
                d[0] = block[ai[0]];
                continue;
            }
            block[..inner].CopyTo(d);
            for (int a = 1; a < axis; a++) TensorPrimitives.Max(d, block.Slice(a * inner, inner), d);
            // first a holding the maximum, scanning rows of the block in order (contiguous reads)
            ai.Fill(-1);
            int missing = inner;
            for (int a = 0; a < axis && missing > 0; a++)
            {
                ReadOnlySpan<T> row = block.Slice(a * inner, inner);
                for (int i = 0; i < inner; i++)
                    if (ai[i] < 0 && SameMax(row[i], d[i])) { ai[i] = a; d[i] = row[i]; missing--; }
            }
        }
    }

    // v is the maximum m itself: both NaN, or equal with the same sign (tells +0 from -0)
    static bool SameMax<T>(T v, T m) where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsNaN(m) ? T.IsNaN(v) : v == m && T.IsNegative(v) == T.IsNegative(m);

    static void CheckMatrix(string op, string name, int length, int rows, int cols)
    {
        if (rows < 0 || (long)rows * cols != length)
            throw new ArgumentException(Invariant($"{op}: {name} has {length} elements, expected rows*cols = {rows}*{cols}."));
    }

    static void CheckAxis(string op, int srcLength, int dstLength, int outer, int axis, int inner)
    {
        if (outer < 0 || axis < 0 || inner < 0 || (long)outer * axis * inner != srcLength)
            throw new ArgumentException(Invariant($"{op}: src has {srcLength} elements, expected outer*axis*inner = {outer}*{axis}*{inner}."));
        if ((long)outer * inner != dstLength)
            throw new ArgumentException(Invariant($"{op}: dst has {dstLength} elements, expected outer*inner = {outer}*{inner}."));
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// Scalar definitions of the <see cref="Rows"/> operations: plain loops in the obvious order, the
/// specification the fast versions are tested against. Matrices are row-major (rows x cols); axis
/// reductions view the source as (outer, axis, inner).
/// </summary>
public static class RowsReference
{
    // y[r, :] = x[r, :] + v
    public static void AddVector<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j] + v[j];
    }

    // s[j] = sum_r x[r, j], summed in row order r = 0, 1, ...
    public static void SumColumns<T>(ReadOnlySpan<T> x, int rows, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = s.Length;
        s.Clear();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) s[j] += x[r * cols + j];
    }

    // s[j] += sum_r x[r, j], added in row order r = 0, 1, ...
    public static void AddColumnSums<T>(ReadOnlySpan<T> x, int rows, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = s.Length;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) s[j] += x[r * cols + j];
    }

    // y[r] = sum_j x[r, j] v[j], in column order
    public static void Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        for (int r = 0; r < rows; r++)
        {
            T sum = T.Zero;
            for (int j = 0; j < cols; j++) sum += x[r * cols + j] * v[j];
            y[r] = sum;
        }
    }

    // y[r, j] = u[r] v[j]
    public static void Outer<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < u.Length; r++)
            for (int j = 0; j < v.Length; j++) y[r * v.Length + j] = u[r] * v[j];
    }

    // s[j] = fma(u[r], x[r, j], s[j]) for r = 0, 1, ... in order
    public static void AddWeightedRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < u.Length; r++)
            for (int j = 0; j < s.Length; j++) s[j] = T.FusedMultiplyAdd(u[r], x[r * s.Length + j], s[j]);
    }

    // y[r, :] = exp(x - max) / sum exp(x - max); a row holding NaN or +inf, or only -inf, becomes all NaN
    public static void Softmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T max = RowMax(xr);
            T sum = T.Zero; for (int j = 0; j < cols; j++) { yr[j] = T.Exp(xr[j] - max); sum += yr[j]; }
            for (int j = 0; j < cols; j++) yr[j] /= sum;
        }
    }

    // y[r, :] = x[r, :] - logsumexp(x[r, :]), logsumexp = max + log sum exp(x - max); same NaN rule as Softmax
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T max = RowMax(xr);
            T sum = T.Zero; for (int j = 0; j < cols; j++) sum += T.Exp(xr[j] - max);
            T lse = max + T.Log(sum);
            for (int j = 0; j < cols; j++) yr[j] = xr[j] - lse;
        }
    }

    // dst[o, i] = sum_a src[o, a, i], summed in order a = 0, 1, ...
    public static void SumAxis<T>(ReadOnlySpan<T> src, int outer, int axis, int inner, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                T s = T.Zero;
                for (int a = 0; a < axis; a++) s += src[(o * axis + a) * inner + i];
                dst[o * inner + i] = s;
            }
    }

    // dst[o, i] = max_a src[o, a, i] and arg[o, i] = the first a attaining it, under the IEEE 754-2019
    // maximum order (as TensorPrimitives.IndexOfMax): the first NaN wins, +0 beats -0. Needs axis >= 1.
    public static void MaxAxis<T>(ReadOnlySpan<T> src, int outer, int axis, int inner, Span<T> dst, Span<int> arg) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0; T m = src[o * axis * inner + i];
                for (int a = 1; a < axis; a++)
                {
                    T v = src[(o * axis + a) * inner + i];
                    if (Beats(v, m)) { m = v; best = a; }
                }
                dst[o * inner + i] = m; arg[o * inner + i] = best;
            }
    }

    // v > m in the IEEE 754-2019 maximum order; nothing beats a NaN
    static bool Beats<T>(T v, T m) where T : unmanaged, IFloatingPointIeee754<T>
        => !T.IsNaN(m) && (T.IsNaN(v) || v > m || (v == m && T.IsNegative(m) && !T.IsNegative(v)));

    // max over the row, NaN if any element is NaN (-inf for an empty row)
    static T RowMax<T>(ReadOnlySpan<T> xr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.NegativeInfinity;
        foreach (T v in xr) max = T.IsNaN(v) || T.IsNaN(max) ? T.NaN : T.Max(max, v);
        return max;
    }
}

using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// Row-wise operations on a row-major (rows x cols) matrix and reductions along one axis of a tensor
/// viewed as (outer, axis, inner). Placeholder scalar bodies until the vectorised versions land.
/// </summary>
public static partial class Rows
{
    // y[r, :] = x[r, :] + v   (bias add; x and y may alias)
    public static void AddVector<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, int rows, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j] + v[j];
    }

    // s[j] = sum_r x[r, j]   (column sums, e.g. the bias gradient); s is overwritten
    public static void SumColumns<T>(ReadOnlySpan<T> x, int rows, Span<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = s.Length;
        s.Clear();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) s[j] += x[r * cols + j];
    }

    // y[r, :] = softmax(x[r, :]) = exp(x - max) / sum exp(x - max)
    public static void Softmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T max = T.NegativeInfinity; for (int j = 0; j < cols; j++) max = T.Max(max, xr[j]);
            T sum = T.Zero; for (int j = 0; j < cols; j++) { yr[j] = T.Exp(xr[j] - max); sum += yr[j]; }
            for (int j = 0; j < cols; j++) yr[j] /= sum;
        }
    }

    // y[r, :] = x[r, :] - logsumexp(x[r, :])
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T max = T.NegativeInfinity; for (int j = 0; j < cols; j++) max = T.Max(max, xr[j]);
            T sum = T.Zero; for (int j = 0; j < cols; j++) sum += T.Exp(xr[j] - max);
            T lse = max + T.Log(sum);
            for (int j = 0; j < cols; j++) yr[j] = xr[j] - lse;
        }
    }

    // dst[o, i] = sum_a src[o, a, i]   (src viewed as outer x axis x inner)
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

    // dst[o, i] = max_a src[o, a, i]; arg[o, i] = first a attaining it (NaN wins, as in IndexOfMax)
    public static void MaxAxis<T>(ReadOnlySpan<T> src, int outer, int axis, int inner, Span<T> dst, Span<int> arg) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0; T m = src[o * axis * inner + i];
                for (int a = 1; a < axis && !T.IsNaN(m); a++)
                {
                    T v = src[(o * axis + a) * inner + i];
                    if (v > m || T.IsNaN(v)) { m = v; best = a; }
                }
                dst[o * inner + i] = m; arg[o * inner + i] = best;
            }
    }
}

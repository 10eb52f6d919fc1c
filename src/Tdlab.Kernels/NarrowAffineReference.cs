using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>Naive reference of <see cref="NarrowAffine"/>: y[r, j] = b[j] + sum_p x[r, p] w[j, p], one fused multiply-add per p in order.</summary>
public static class NarrowAffineReference
{
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, int m, int n, int k, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NarrowAffine.Check(x.Length, w.Length, bias.Length, y.Length, m, n, k);
        for (int r = 0; r < m; r++)
            for (int j = 0; j < n; j++)
            {
                T a = bias.IsEmpty ? T.Zero : bias[j];
                for (int p = 0; p < k; p++) a = T.FusedMultiplyAdd(x[r * k + p], w[j * k + p], a);
                y[r * n + j] = a;
            }
    }
}

using System.Numerics;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Private weight fills for the recurrent cells (to be replaced by the shared initialisers):
/// Gaussian, uniform and Haar orthogonal blocks.
/// </summary>
internal static class RecurrentWeights
{
    /// <summary>
    /// dst (rows, cols) = gain * Q with Q Haar-distributed: orthonormal columns when rows &gt;= cols, orthonormal
    /// rows otherwise. Q comes from a Gaussian matrix A = QR by modified Gram-Schmidt (done twice for
    /// stability); MGS makes diag(R) &gt; 0, which is the sign correction that makes Q Haar (Mezzadri 2007).
    /// </summary>
    public static void Orthogonal<T>(Span<T> dst, int rows, int cols, double gain, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool tall = rows >= cols;
        int n = tall ? rows : cols, k = tall ? cols : rows;   // k orthonormal vectors of length n
        var q = new double[k * n];
        rng.Normal(q.AsSpan(), 0.0, 1.0);
        for (int j = 0; j < k; j++)
        {
            var v = q.AsSpan(j * n, n);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < j; i++)
                {
                    var u = q.AsSpan(i * n, n);
                    double dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(u, v);
                    for (int p = 0; p < n; p++) v[p] -= dot * u[p];
                }
            }

            double norm = System.Numerics.Tensors.TensorPrimitives.Norm<double>(v);
            if (norm == 0) throw new InvalidOperationException("Orthogonal: Gaussian matrix was rank deficient");
            for (int p = 0; p < n; p++) v[p] /= norm;
        }

        // vector j is column j (tall) or row j (wide) of the result
        for (int j = 0; j < k; j++)
            for (int p = 0; p < n; p++)
                dst[tall ? p * cols + j : j * cols + p] = T.CreateTruncating(gain * q[j * n + p]);
    }

    public static void Gaussian<T>(Span<T> dst, double std, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (std == 0) dst.Clear();
        else rng.Normal(dst, T.Zero, T.CreateTruncating(std));
    }

    public static void Uniform<T>(Span<T> dst, double bound, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        rng.Uniform(dst, T.CreateTruncating(-bound), T.CreateTruncating(bound));
}

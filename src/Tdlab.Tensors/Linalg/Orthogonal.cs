using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors.Random;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Haar-distributed orthogonal and semi-orthogonal matrices (the orthogonal initialisation of
/// Saxe, McClelland and Ganguli 2014). Method: Q R = Z for Z with i.i.d. N(0, 1) entries, then Q with the
/// sign correction diag(R) &gt;= 0 (Mezzadri 2007, "How to generate random matrices from the classical
/// compact groups", eq. 5.1): without it Q is not Haar distributed. Two algorithms give the same
/// distribution from different draws and rounding: <see cref="Fill{T}"/> (Householder QR, the default) and
/// <see cref="FillGramSchmidt{T}"/> (modified Gram-Schmidt, kept for the recurrent cells' stored results).
/// </summary>
public static class Orthogonal
{
    /// <summary>
    /// A (rows, cols) matrix g Q, row-major: orthonormal columns (Q^T Q = I) if rows &gt;= cols, orthonormal
    /// rows (Q Q^T = I) otherwise; uniformly distributed on that Stiefel manifold. Draws rows * cols
    /// normals from rng. Cost: O(rows cols min(rows, cols)).
    /// </summary>
    public static double[] Haar(Rng rng, int rows, int cols, double gain = 1.0)
    {
        var q = new double[checked(rows * cols)];
        Fill<double>(rng, q, rows, cols, gain);
        return q;
    }

    /// <summary>Writes <see cref="Haar"/>'s (rows, cols) matrix into dst, e.g. a float weight tensor.</summary>
    public static void Fill<T>(Rng rng, Span<T> dst, int rows, int cols, double gain = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        Matrices.Check("Orthogonal.Haar", nameof(dst), dst.Length, rows, cols);
        bool tall = rows >= cols;
        int m = tall ? rows : cols, n = tall ? cols : rows;  // Z is (m, n) with m >= n
        var z = new double[m * n];
        rng.Normal<double>(z, 0.0, 1.0);
        var q = Qr.Decompose(z, m, n).Q;                     // (m, n)
        var result = tall ? q : Matrices.Transpose(q, m, n);
        for (int i = 0; i < result.Length; i++) dst[i] = T.CreateTruncating(gain * result[i]);
    }

    /// <summary>
    /// The same distribution as <see cref="Fill{T}"/> by modified Gram-Schmidt (the recurrent cells'
    /// orthogonal initialisation; its draws are pinned by stored results, so it is kept as is). Draws
    /// k = min(rows, cols) Gaussian vectors of length n = max(rows, cols), one after another, and
    /// orthonormalises vector j against vectors 0..j-1 by MGS done twice ("twice is enough", Giraud et al.
    /// 2005); MGS makes diag(R) &gt; 0, the sign correction that makes Q Haar (Mezzadri 2007). Vector j is
    /// column j of dst (rows, cols) when rows &gt;= cols (Q^T Q = I), row j otherwise (Q Q^T = I); dst = gain Q.
    /// Cost: O(rows cols min(rows, cols)).
    /// </summary>
    public static void FillGramSchmidt<T>(Rng rng, Span<T> dst, int rows, int cols, double gain = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        Matrices.Check("Orthogonal.FillGramSchmidt", nameof(dst), dst.Length, rows, cols);
        bool tall = rows >= cols;
        int n = tall ? rows : cols, k = tall ? cols : rows;   // k orthonormal vectors of length n
        var q = new double[k * n];                            // (k, n): vector j is row j
        rng.Normal(q.AsSpan(), 0.0, 1.0);
        for (int j = 0; j < k; j++)
        {
            var v = q.AsSpan(j * n, n);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < j; i++)
                {
                    var u = q.AsSpan(i * n, n);
                    double dot = TensorPrimitives.Dot<double>(u, v);
                    for (int p = 0; p < n; p++) v[p] -= dot * u[p];   // v -= <u, v> u
                }
            }

            double norm = TensorPrimitives.Norm<double>(v);
            if (norm == 0) throw new InvalidOperationException("Orthogonal.FillGramSchmidt: Gaussian matrix was rank deficient");
            for (int p = 0; p < n; p++) v[p] /= norm;
        }

        for (int j = 0; j < k; j++)
            for (int p = 0; p < n; p++)
                dst[tall ? p * cols + j : j * cols + p] = T.CreateTruncating(gain * q[j * n + p]);
    }
}

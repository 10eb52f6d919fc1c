using System.Numerics;
using Tdlab.Tensors.Random;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Haar-distributed orthogonal and semi-orthogonal matrices (the orthogonal initialisation of
/// Saxe, McClelland and Ganguli 2014). Method: Q R = Z for Z with i.i.d. N(0, 1) entries, then Q with the
/// sign correction diag(R) &gt;= 0 (Mezzadri 2007, "How to generate random matrices from the classical
/// compact groups", eq. 5.1): without it Q is not Haar distributed.
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
}

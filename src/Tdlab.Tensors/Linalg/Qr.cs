namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Householder QR with sign correction: the reduced factors of A (m, n) with diag(R) &gt;= 0. With
/// that convention the factorisation of a full-rank matrix is unique, Q of a Gaussian matrix is Haar
/// distributed (Mezzadri 2007, "How to generate random matrices from the classical compact groups",
/// section 5), and Q is the QR retraction onto the Stiefel manifold (Absil, Mahony and Sepulchre 2008,
/// "Optimization Algorithms on Matrix Manifolds", example 4.1.3).
/// </summary>
public static class Qr
{
    /// <summary>
    /// Reduced QR of the row-major (m, n) matrix a. Cost: 2 m n k - 2 k^3 / 3 flops for R and as many
    /// again to form Q, k = min(m, n); O(m n) memory.
    /// </summary>
    public static QrFactors Decompose(ReadOnlySpan<double> a, int m, int n)
    {
        Matrices.Check("Qr.Decompose", nameof(a), a.Length, m, n);
        int k = Math.Min(m, n);
        var w = a.ToArray();                 // (m, n), overwritten by R above the diagonal
        var reflectors = new double[k][];    // v_j, length m - j: H_j = I - 2 v v^T / (v^T v)
        for (int j = 0; j < k; j++)
            reflectors[j] = Reflect(w, m, n, j);

        var r = new double[k * n];           // (k, n)
        for (int i = 0; i < k; i++)
            for (int c = i; c < n; c++)
                r[i * n + c] = w[i * n + c];

        var q = new double[m * k];           // (m, k) = H_0 ... H_{k-1} [I_k; 0]
        for (int i = 0; i < k; i++) q[i * k + i] = 1;
        for (int j = k - 1; j >= 0; j--)
            ApplyReflector(reflectors[j], q, k, j, j);

        // Sign correction: D = diag(sign(R_ii)), Q <- Q D, R <- D R, so Q R is unchanged.
        for (int i = 0; i < k; i++)
        {
            if (r[i * n + i] >= 0) continue;
            for (int c = i; c < n; c++) r[i * n + c] = -r[i * n + c];
            for (int row = 0; row < m; row++) q[row * k + i] = -q[row * k + i];
        }

        return new QrFactors(q, r, m, n);
    }

    /// <summary>Reduced QR of a float matrix, computed in double.</summary>
    public static QrFactors Decompose(ReadOnlySpan<float> a, int m, int n) =>
        Decompose(Matrices.ToDouble(a), m, n);

    /// <summary>
    /// Builds the reflector that zeroes w[j+1.., j] and applies it to columns j.. of w.
    /// alpha = -sign(x_0) ||x|| avoids cancellation in v_0 = x_0 - alpha.
    /// </summary>
    private static double[] Reflect(double[] w, int m, int n, int j)
    {
        var v = new double[m - j];
        for (int i = j; i < m; i++) v[i - j] = w[i * n + j];
        double norm = Matrices.Norm(v);
        if (norm == 0) return new double[m - j];           // zero column: H = I
        double alpha = v[0] >= 0 ? -norm : norm;
        v[0] -= alpha;
        ApplyReflector(v, w, n, j, j + 1);
        w[j * n + j] = alpha;
        for (int i = j + 1; i < m; i++) w[i * n + j] = 0;
        return v;
    }

    /// <summary>Applies H = I - 2 v v^T / (v^T v) to rows row0.. and columns col0.. of the (?, cols) matrix x.</summary>
    private static void ApplyReflector(double[] v, double[] x, int cols, int row0, int col0)
    {
        double vv = Matrices.Dot(v, v);
        if (vv == 0) return;
        for (int c = col0; c < cols; c++)
        {
            double s = 0;
            for (int i = 0; i < v.Length; i++) s += v[i] * x[(row0 + i) * cols + c];
            double f = 2 * s / vv;
            for (int i = 0; i < v.Length; i++) x[(row0 + i) * cols + c] -= f * v[i];
        }
    }
}

using Tdlab.Tensors.Random;

namespace Tdlab.Nn;

/// <summary>
/// Haar-distributed (semi-)orthogonal matrices, a stand-in until Tdlab.Tensors.Linalg.Orthogonal.Haar is
/// merged (same draw: Z (m, n) with m = max(rows, cols), n = min, i.i.d. N(0, 1) row-major from the
/// stream; Z = Q R with diag(R) &gt; 0; the result is gain * Q, transposed when rows &lt; cols).
/// QR by modified Gram-Schmidt with one re-orthogonalisation pass ("twice is enough", Giraud et al. 2005),
/// which yields R with a positive diagonal, i.e. the sign-corrected Q of Mezzadri 2007.
/// Cost: O(m n^2).
/// </summary>
internal static class OrthogonalFallback
{
    public static double[] Haar(Rng rng, int rows, int cols, double gain)
    {
        bool tall = rows >= cols;
        int m = tall ? rows : cols, n = tall ? cols : rows;
        var z = new double[m * n];
        rng.Normal<double>(z, 0.0, 1.0);

        // Columns of Z as contiguous vectors q[j] (length m).
        var q = new double[n][];
        for (int j = 0; j < n; j++)
        {
            q[j] = new double[m];
            for (int i = 0; i < m; i++) q[j][i] = z[i * n + j];
        }

        for (int j = 0; j < n; j++)
        {
            var v = q[j];
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double r = Dot(q[k], v);
                    for (int i = 0; i < m; i++) v[i] -= r * q[k][i];
                }
            }

            double norm = Math.Sqrt(Dot(v, v));
            if (norm == 0) throw new InvalidOperationException("Orthogonal: Gaussian matrix is rank deficient");
            for (int i = 0; i < m; i++) v[i] /= norm;
        }

        var w = new double[rows * cols];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                if (tall) w[i * cols + j] = gain * q[j][i];
                else w[j * cols + i] = gain * q[j][i];
            }

        return w;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}

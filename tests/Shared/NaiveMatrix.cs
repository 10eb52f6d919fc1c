namespace Tdlab.Testing;

/// <summary>The naive dense product that tests check fast or structured routines against (row-major).</summary>
internal static class NaiveMatrix
{
    /// <summary>C (m, n) = A (m, k) B (k, n), the triple loop.</summary>
    public static double[] Multiply(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }

        return c;
    }
}

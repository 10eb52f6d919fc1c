using MathNet.Numerics.LinearAlgebra;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Dense singular value decomposition (Math.NET Numerics' Golub-Kahan-Reinsch bidiagonalisation and
/// implicit QR). Cost: O(m n min(m, n)) flops; the vectors use O(m^2 + n^2) memory while computing.
/// </summary>
public static class Svd
{
    /// <summary>The min(m, n) singular values of the (m, n) matrix a, descending.</summary>
    public static double[] SingularValues(ReadOnlySpan<double> a, int m, int n)
    {
        Matrices.Check("Svd.SingularValues", nameof(a), a.Length, m, n);
        if (m == 0 || n == 0) return [];
        var s = Matrix<double>.Build.DenseOfRowMajor(m, n, a.ToArray()).Svd(computeVectors: false).S.ToArray();
        Array.Sort(s, (x, y) => y.CompareTo(x));
        return s;
    }

    /// <summary>Singular values of a float matrix, computed in double.</summary>
    public static double[] SingularValues(ReadOnlySpan<float> a, int m, int n) =>
        SingularValues(Matrices.ToDouble(a), m, n);

    /// <summary>
    /// The thin SVD of the (m, n) matrix a. Signs are fixed so that the largest-magnitude entry of each
    /// column of U is positive (the factors are otherwise unique only up to u_i, v_i -&gt; -u_i, -v_i).
    /// </summary>
    public static SvdFactors Decompose(ReadOnlySpan<double> a, int m, int n)
    {
        Matrices.Check("Svd.Decompose", nameof(a), a.Length, m, n);
        int k = Math.Min(m, n);
        if (k == 0) return new SvdFactors(new double[m * k], [], new double[k * n], m, n);
        var svd = Matrix<double>.Build.DenseOfRowMajor(m, n, a.ToArray()).Svd(computeVectors: true);
        var s = svd.S.ToArray();
        var order = Enumerable.Range(0, k).OrderByDescending(i => s[i]).ToArray();  // already sorted; be sure
        var u = new double[m * k];     // (m, k)
        var vt = new double[k * n];    // (k, n)
        var sorted = new double[k];
        for (int c = 0; c < k; c++)
        {
            int src = order[c];
            sorted[c] = s[src];
            for (int i = 0; i < m; i++) u[i * k + c] = svd.U[i, src];
            for (int j = 0; j < n; j++) vt[c * n + j] = svd.VT[src, j];
        }

        Matrices.FixColumnSigns(u, m, k, vt, n);
        return new SvdFactors(u, sorted, vt, m, n);
    }

    /// <summary>The thin SVD of a float matrix, computed in double.</summary>
    public static SvdFactors Decompose(ReadOnlySpan<float> a, int m, int n) =>
        Decompose(Matrices.ToDouble(a), m, n);
}

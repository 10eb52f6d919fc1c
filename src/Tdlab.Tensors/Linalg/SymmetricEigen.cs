using MathNet.Numerics.LinearAlgebra;

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// Dense symmetric eigendecomposition (Math.NET Numerics: Householder tridiagonalisation and the
/// implicit QL algorithm, EISPACK tred2/tql2). Cost: about 9 n^3 flops with vectors; O(n^2) memory.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric part (A + A^T) / 2
    /// of the (n, n) matrix a. Vector signs are fixed so that each column's largest-magnitude entry is positive.
    /// </summary>
    public static EigenDecomposition Decompose(ReadOnlySpan<double> a, int n)
    {
        Matrices.Check("SymmetricEigen.Decompose", nameof(a), a.Length, n, n);
        if (n == 0) return new EigenDecomposition([], [], 0);
        var sym = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                sym[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);

        var evd = Matrix<double>.Build.DenseOfRowMajor(n, n, sym).Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Select(z => z.Real).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => lambda[i]).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            values[c] = lambda[order[c]];
            for (int i = 0; i < n; i++) vectors[i * n + c] = evd.EigenVectors[i, order[c]];
        }

        Matrices.FixColumnSigns(vectors, n, n, Span<double>.Empty, 0);
        return new EigenDecomposition(values, vectors, n);
    }

    /// <summary>Eigendecomposition of a float matrix, computed in double.</summary>
    public static EigenDecomposition Decompose(ReadOnlySpan<float> a, int n) =>
        Decompose(Matrices.ToDouble(a), n);

    /// <summary>The eigenvalues alone, ascending.</summary>
    public static double[] Values(ReadOnlySpan<double> a, int n) => Decompose(a, n).Values;
}

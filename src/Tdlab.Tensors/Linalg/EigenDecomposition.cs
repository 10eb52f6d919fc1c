namespace Tdlab.Tensors.Linalg;

/// <summary>
/// The eigendecomposition A = V diag(Values) V^T of a symmetric (N, N) matrix: Values ascending,
/// Vectors (N, N) row-major with the eigenvector of Values[j] in column j (orthonormal columns).
/// </summary>
public sealed record EigenDecomposition(double[] Values, double[] Vectors, int N)
{
    /// <summary>The eigenvector of Values[j], copied out of column j.</summary>
    public double[] Vector(int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, N);
        var v = new double[N];
        for (int i = 0; i < N; i++) v[i] = Vectors[i * N + j];
        return v;
    }
}

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// A thin singular value decomposition A = U diag(S) Vt of an (M, N) matrix, K = min(M, N): U is (M, K)
/// with orthonormal columns, S descending and non-negative, Vt is (K, N) with orthonormal rows. Row-major.
/// </summary>
public sealed record SvdFactors(double[] U, double[] S, double[] Vt, int M, int N)
{
    public int K => Math.Min(M, N);
}

namespace Tdlab.Tensors.Linalg;

/// <summary>
/// A reduced QR factorisation A = Q R of an (M, N) matrix, K = min(M, N): Q is (M, K) with orthonormal
/// columns, R is (K, N) upper triangular (trapezoidal when M &lt; N) with diag(R) &gt;= 0. Row-major.
/// </summary>
public sealed record QrFactors(double[] Q, double[] R, int M, int N)
{
    public int K => Math.Min(M, N);
}

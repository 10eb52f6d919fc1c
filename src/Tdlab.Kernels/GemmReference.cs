using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// The naive triple loop, the reference every fast GEMM is tested against.
/// C (m x n) = alpha * op(A) * op(B) + beta * C, all row-major with leading dimensions lda, ldb, ldc;
/// op(A) is m x k, op(B) is k x n. beta = 0 overwrites C (NaN in C does not propagate).
/// </summary>
public static class GemmReference
{
    public static void Compute<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transA == Transpose.None ? a[i * lda + p] : a[p * lda + i];
                    T bv = transB == Transpose.None ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                }

                ref T cij = ref c[i * ldc + j];
                cij = beta == T.Zero ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }
}

using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// General matrix multiply C (m x n) = alpha * op(A) * op(B) + beta * C, row-major, float or double.
/// op(A) is m x k (A stored m x k with leading dimension lda, or k x m when transposed);
/// op(B) is k x n. beta = 0 overwrites C. Uses <see cref="Parallelism.Threads"/> threads, split over
/// output blocks only, so the bits do not depend on the thread count.
/// </summary>
public static partial class Gemm
{
    public static void Compute<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Placeholder until the packed kernel lands: the reference loop.
        GemmReference.Compute(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// A stack of <paramref name="batch"/> independent products: for each i,
    /// C_i = alpha * op(A_i) * op(B_i) + beta * C_i with A_i = a[i*strideA ..], etc.
    /// A stride of 0 shares one operand across the batch.
    /// </summary>
    public static void ComputeBatched<T>(Transpose transA, Transpose transB, int batch, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, long strideA, ReadOnlySpan<T> b, int ldb, long strideB,
        T beta, Span<T> c, int ldc, long strideC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < batch; i++)
        {
            Compute(transA, transB, m, n, k, alpha, a[(int)(i * strideA)..], lda, b[(int)(i * strideB)..], ldb,
                beta, c[(int)(i * strideC)..], ldc);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// General matrix multiply C (m x n) = alpha * op(A) * op(B) + beta * C, row-major, float or double.
/// op(A) is m x k (A stored m x k with leading dimension lda, or k x m when transposed);
/// op(B) is k x n. beta = 0 overwrites C. Uses <see cref="Parallelism.Threads"/> threads: each works a column slab
/// of C with B panels of its own and then helps with the others' (GemmSlabs), or, where B is not packed, all take row
/// bands of each shared B panel dynamically; k is never split across threads, so the bits do not depend on the thread count.
/// </summary>
/// <remarks>
/// Packed and cache-blocked in the BLIS style (GemmDriver) around an AVX-512 8 x 32 (float) / 8 x 16
/// (double) micro-kernel, with AVX2 and scalar fallbacks; the blocking comes from the host's caches
/// (<see cref="GemmBlocking"/>). Each C element is one FMA chain per k block of KC, the blocks added in
/// order, so results are bit-identical for any thread count and any position of the element in a tile;
/// KC, and so the bits, can differ between micro-kernels and between hosts with different L1 caches.
/// alpha = 0 or k = 0 gives C = beta*C without reading A or B.
/// Element types other than float and double use <see cref="GemmReference"/>.
/// </remarks>
public static partial class Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Compute<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, "Gemm.Compute");
        if (m == 0 || n == 0) return;
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            GemmReference.Compute(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            var problem = new GemmProblem<T>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            Dispatch(problem, Parallelism.Threads, CurrentIsa, _cachesOverride);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Numerics;

namespace Tdlab.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// A stack of <paramref name="batch"/> independent products: for each i,
    /// C_i = alpha * op(A_i) * op(B_i) + beta * C_i with A_i = a[i*strideA ..], etc.
    /// A stride of 0 shares one operand across the batch; the C_i must not overlap.
    /// </summary>
    /// <remarks>
    /// With at least as many products as threads, the batch is cut into chunks of consecutive members,
    /// about four per thread, which the threads take from a shared counter, each product computed
    /// serially: many small products (ensembles) pay a few hand-offs per call, not one per product, and a
    /// slowed core does not hold the others up. Each C_i equals the single <see cref="Compute{T}"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ComputeBatched<T>(Transpose transA, Transpose transB, int batch, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, long strideA, ReadOnlySpan<T> b, int ldb, long strideB,
        T beta, Span<T> c, int ldc, long strideC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string op = "Gemm.ComputeBatched";
        ValidateBatch(transA, transB, batch, m, n, k, a.Length, lda, strideA, b.Length, ldb, strideB,
            c.Length, ldc, strideC, op);
        if (batch == 0 || m == 0 || n == 0) return;
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            for (int i = 0; i < batch; i++)
                GemmReference.Compute(transA, transB, m, n, k, alpha, a[(int)(i * strideA)..], lda,
                    b[(int)(i * strideB)..], ldb, beta, c[(int)(i * strideC)..], ldc);
            return;
        }

        int threads = Parallelism.Threads;
        GemmIsa isa = CurrentIsa;
        CacheGeometry? caches = _cachesOverride;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            var first = new GemmProblem<T>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            int workers = Math.Min(threads, batch);
            if (workers <= 1 || (long)batch * m * n * Math.Max(k, 1) < SmallProduct)
            {
                for (int i = 0; i < batch; i++)
                    Dispatch(first.Shift(i * strideA, i * strideB, i * strideC), threads, isa, caches);
                return;
            }

            // chunks of consecutive members, about PerThread per worker, taken from a shared counter
            int chunk = Math.Max(1, batch / (GemmTiles.PerThread * workers));
            int chunks = (batch + chunk - 1) / chunk;
            var next = new StrongBox<int>(-1);
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            {
                for (int q = Interlocked.Increment(ref next.Value); q < chunks; q = Interlocked.Increment(ref next.Value))
                {
                    int end = Math.Min(batch, (q + 1) * chunk);
                    for (int i = q * chunk; i < end; i++)
                        Dispatch(first.Shift(i * strideA, i * strideB, i * strideC), 1, isa, caches);
                }
            });
        }
    }
}

using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// Portable micro-kernel for hardware without usable vector FMA: a 4 x 4 tile of scalar accumulators.
/// Same contract as the vector kernels (C = FMA(acc, alpha, beta*C)).
/// </summary>
internal readonly unsafe struct GemmKernelScalar<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 4;

    public static int NR => 4;

    public static void Run(nint kc, T* a, nint rsA, nint csA, T* b, nint csB,
        T* c, nint ldc, T alpha, T beta, bool betaZero)
    {
        Span<T> acc = stackalloc T[16];
        acc.Clear();
        for (nint p = 0; p < kc; p++)
        {
            for (int r = 0; r < 4; r++)
            {
                T x = a[r * rsA];
                acc[4 * r] += x * b[0];
                acc[4 * r + 1] += x * b[1];
                acc[4 * r + 2] += x * b[2];
                acc[4 * r + 3] += x * b[3];
            }

            a += csA; b += csB;
        }

        for (int r = 0; r < 4; r++)
        {
            T* cr = c + r * ldc;
            for (int j = 0; j < 4; j++)
                cr[j] = betaZero ? alpha * acc[4 * r + j] : T.FusedMultiplyAdd(acc[4 * r + j], alpha, beta * cr[j]);
        }
    }
}

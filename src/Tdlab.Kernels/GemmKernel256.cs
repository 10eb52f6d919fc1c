using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

/// <summary>
/// AVX2/FMA micro-kernel for machines without AVX-512: a 6 x (2 vectors) tile (6 x 16 floats or
/// 6 x 8 doubles) in 12 ymm accumulators, leaving room in the 16 ymm registers for B and a broadcast.
/// </summary>
internal readonly unsafe struct GemmKernel256<T> : IGemmKernel<T> where T : unmanaged
{
    public static int MR => 6;

    public static int NR => 2 * Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* c, Vector256<T> acc, Vector256<T> alpha, Vector256<T> beta, bool betaZero)
    {
        // c = alpha*acc  or  c = FMA(acc, alpha, beta*c)
        if (betaZero) Vector256.Store(acc * alpha, c);
        else Vector256.Store(Fma(acc, alpha, Vector256.Load(c) * beta), c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, nint rsA, nint csA, T* b, nint csB,
        T* c, nint ldc, T alpha, T beta, bool betaZero)
    {
        int w = Vector256<T>.Count;
        var c00 = Vector256<T>.Zero; var c01 = Vector256<T>.Zero;
        var c10 = Vector256<T>.Zero; var c11 = Vector256<T>.Zero;
        var c20 = Vector256<T>.Zero; var c21 = Vector256<T>.Zero;
        var c30 = Vector256<T>.Zero; var c31 = Vector256<T>.Zero;
        var c40 = Vector256<T>.Zero; var c41 = Vector256<T>.Zero;
        var c50 = Vector256<T>.Zero; var c51 = Vector256<T>.Zero;
        // rows 0..2 at a0 + {0,1,2}*rsA, rows 3..5 at a3 + {0,1,2}*rsA
        T* a0 = a;
        T* a3 = a + 3 * rsA;
        nint rs2 = 2 * rsA;
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var x = Vector256.Create(a0[0]);
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a0[rsA]);
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a0[rs2]);
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a3[0]);
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a3[rsA]);
            c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a3[rs2]);
            c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            a0 += csA; a3 += csA; b += csB;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        Store(c, c00, va, vb, betaZero); Store(c + w, c01, va, vb, betaZero); c += ldc;
        Store(c, c10, va, vb, betaZero); Store(c + w, c11, va, vb, betaZero); c += ldc;
        Store(c, c20, va, vb, betaZero); Store(c + w, c21, va, vb, betaZero); c += ldc;
        Store(c, c30, va, vb, betaZero); Store(c + w, c31, va, vb, betaZero); c += ldc;
        Store(c, c40, va, vb, betaZero); Store(c + w, c41, va, vb, betaZero); c += ldc;
        Store(c, c50, va, vb, betaZero); Store(c + w, c51, va, vb, betaZero);
    }
}

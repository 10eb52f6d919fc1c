using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels;

/// <summary>
/// AVX-512 micro-kernel: an 8 x (2 vectors) tile, i.e. 8 x 32 floats or 8 x 16 doubles, held in 16
/// zmm accumulators; each k step loads two vectors of B, broadcasts 8 scalars of A and issues 16 FMAs
/// (two FMA pipes, latency 4: 16 independent chains keep both busy).
/// </summary>
internal readonly unsafe struct GemmKernel512<T> : IGemmKernel<T> where T : unmanaged
{
    public static int MR => 8;

    public static int NR => 2 * Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* c, Vector512<T> acc, Vector512<T> alpha, Vector512<T> beta, bool betaZero)
    {
        // c = alpha*acc  or  c = FMA(acc, alpha, beta*c)
        if (betaZero) Vector512.Store(acc * alpha, c);
        else Vector512.Store(Fma(acc, alpha, Vector512.Load(c) * beta), c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, nint rsA, nint csA, T* b, nint csB,
        T* c, nint ldc, T alpha, T beta, bool betaZero)
    {
        int w = Vector512<T>.Count;
        var c00 = Vector512<T>.Zero; var c01 = Vector512<T>.Zero;
        var c10 = Vector512<T>.Zero; var c11 = Vector512<T>.Zero;
        var c20 = Vector512<T>.Zero; var c21 = Vector512<T>.Zero;
        var c30 = Vector512<T>.Zero; var c31 = Vector512<T>.Zero;
        var c40 = Vector512<T>.Zero; var c41 = Vector512<T>.Zero;
        var c50 = Vector512<T>.Zero; var c51 = Vector512<T>.Zero;
        var c60 = Vector512<T>.Zero; var c61 = Vector512<T>.Zero;
        var c70 = Vector512<T>.Zero; var c71 = Vector512<T>.Zero;
        // rows 0..3 at a0 + {0,1,2,3}*rsA, rows 4..7 at a4 + {0,1,2,3}*rsA
        T* a0 = a;
        T* a4 = a + 4 * rsA;
        nint rs2 = 2 * rsA, rs3 = 3 * rsA;
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var x = Vector512.Create(a0[0]);
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a0[rsA]);
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a0[rs2]);
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a0[rs3]);
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a4[0]);
            c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a4[rsA]);
            c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a4[rs2]);
            c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a4[rs3]);
            c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            a0 += csA; a4 += csA; b += csB;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        Store(c, c00, va, vb, betaZero); Store(c + w, c01, va, vb, betaZero); c += ldc;
        Store(c, c10, va, vb, betaZero); Store(c + w, c11, va, vb, betaZero); c += ldc;
        Store(c, c20, va, vb, betaZero); Store(c + w, c21, va, vb, betaZero); c += ldc;
        Store(c, c30, va, vb, betaZero); Store(c + w, c31, va, vb, betaZero); c += ldc;
        Store(c, c40, va, vb, betaZero); Store(c + w, c41, va, vb, betaZero); c += ldc;
        Store(c, c50, va, vb, betaZero); Store(c + w, c51, va, vb, betaZero); c += ldc;
        Store(c, c60, va, vb, betaZero); Store(c + w, c61, va, vb, betaZero); c += ldc;
        Store(c, c70, va, vb, betaZero); Store(c + w, c71, va, vb, betaZero);
    }
}

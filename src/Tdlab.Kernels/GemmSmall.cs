using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tdlab.Kernels;

/// <summary>
/// AVX-512 path for small products whose shape the packed driver handles badly: n not a multiple of
/// the 32-float (16-double) sliver, or fewer than 8 rows. The packed driver computes a whole 8 x 32
/// tile into a scratch tile for every partial sliver and packs B; here B is read in place (rows of
/// op(B) contiguous; a transposed B is first transposed once into a scratch buffer) with masked loads
/// and stores on the last columns, 4 rows x 2 vectors or 8 rows x 1 vector per pass.
/// Each C element is still one FMA chain over p = 0..k-1 from zero, then c = alpha*acc (beta = 0) or
/// FMA(acc, alpha, beta*c) — except n = 1 with contiguous rows, a matrix-vector product reduced as
/// vector dot products (a different, fixed summation order). The choice depends on the shape only,
/// never on the thread count, so results do not depend on threads.
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>Rows of C per pass.</summary>
    private const int Rows = 4;

    /// <summary>True when this path should run the product (AVX-512 only, small and awkward shapes).</summary>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
        => Avx512F.IsSupported
           && (long)p.M * p.N * p.K < Gemm.SmallProduct
           && (p.N % (2 * Vector512<T>.Count) != 0 || p.M < 8);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p.N == 1 && p.Acs == 1 && p.Brs == 1)
        {
            MatrixVector(p);
            return;
        }

        T* b = p.B;
        nint brs = p.Brs;
        if (p.Bcs != 1)
        {
            // op(B)[q, j] = B[q*Brs + j*Bcs] into a dense k x n buffer
            T* t = GemmBuffers<T>.PackedB(p.K * p.N);
            TransposeB(p, t);
            b = t;
            brs = p.N;
        }

        int w = Vector512<T>.Count;
        for (int j0 = 0; j0 < p.N; j0 += 2 * w)
        {
            int cols = Math.Min(2 * w, p.N - j0);
            var m0 = Mask<T>(Math.Min(cols, w));
            var m1 = Mask<T>(cols - w);
            int i = 0;
            if (cols <= w)
            {
                for (; i + 2 * Rows <= p.M; i += 2 * Rows)
                    PassOneVector(p, b + j0, brs, i, j0, m0);
            }

            for (; i + Rows <= p.M; i += Rows)
                Pass(p, b + j0, brs, i, Rows, j0, cols > w, m0, m1);
            if (i < p.M) Pass(p, b + j0, brs, i, p.M - i, j0, cols > w, m0, m1);
        }
    }

    /// <summary>C[i0..i0+h, j0..j0+cols] for h &lt;= 4 rows; rows past h repeat row i0 and are not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass<T>(in GemmProblem<T> p, T* b, nint brs, int i0, int h, int j0, bool two,
        Vector512<T> m0, Vector512<T> m1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint ars = p.Ars, acs = p.Acs;
        T* a0 = p.A + i0 * ars;
        T* a1 = h > 1 ? a0 + ars : a0;
        T* a2 = h > 2 ? a0 + 2 * ars : a0;
        T* a3 = h > 3 ? a0 + 3 * ars : a0;
        int w = Vector512<T>.Count;
        var c00 = Vector512<T>.Zero; var c10 = Vector512<T>.Zero; var c20 = Vector512<T>.Zero; var c30 = Vector512<T>.Zero;
        var c01 = Vector512<T>.Zero; var c11 = Vector512<T>.Zero; var c21 = Vector512<T>.Zero; var c31 = Vector512<T>.Zero;
        int k = p.K;
        if (two)
        {
            for (nint q = 0; q < k; q++)
            {
                var b0 = Load(b, m0);
                var b1 = Load(b + w, m1);
                nint o = q * acs;
                var x = Vector512.Create(a0[o]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
                x = Vector512.Create(a1[o]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
                x = Vector512.Create(a2[o]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
                x = Vector512.Create(a3[o]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
                b += brs;
            }
        }
        else
        {
            for (nint q = 0; q < k; q++)
            {
                var b0 = Load(b, m0);
                nint o = q * acs;
                c00 = Fma(Vector512.Create(a0[o]), b0, c00);
                c10 = Fma(Vector512.Create(a1[o]), b0, c10);
                c20 = Fma(Vector512.Create(a2[o]), b0, c20);
                c30 = Fma(Vector512.Create(a3[o]), b0, c30);
                b += brs;
            }
        }

        T* c = p.C + i0 * p.Ldc + j0;
        var alpha = Vector512.Create(p.Alpha);
        var beta = Vector512.Create(p.Beta);
        bool betaZero = p.Beta == T.Zero;
        Store(c, c00, m0, alpha, beta, betaZero); if (two) Store(c + w, c01, m1, alpha, beta, betaZero);
        if (h < 2) return;
        c += p.Ldc;
        Store(c, c10, m0, alpha, beta, betaZero); if (two) Store(c + w, c11, m1, alpha, beta, betaZero);
        if (h < 3) return;
        c += p.Ldc;
        Store(c, c20, m0, alpha, beta, betaZero); if (two) Store(c + w, c21, m1, alpha, beta, betaZero);
        if (h < 4) return;
        c += p.Ldc;
        Store(c, c30, m0, alpha, beta, betaZero); if (two) Store(c + w, c31, m1, alpha, beta, betaZero);
    }

    /// <summary>t[q*n + j] = op(B)[q, j], in-register blocks where B^T's columns are contiguous (Brs = 1).</summary>
    private static void TransposeB<T>(in GemmProblem<T> p, T* t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = p.N, k = p.K, blk = p.Brs == 1 ? GemmTransposePack.Block<T>() : 0;
        int nb = blk == 0 ? 0 : n / blk * blk, kb = blk == 0 ? 0 : k / blk * blk;
        for (int j = 0; j < nb; j += blk)
            for (int q = 0; q < kb; q += blk)
                GemmTransposePack.Transpose(p.B + j * p.Bcs + q, p.Bcs, t + q * n + j, n);
        for (int j = 0; j < n; j++)
        {
            T* src = p.B + j * p.Bcs;
            for (int q = j < nb ? kb : 0; q < k; q++) t[q * n + j] = src[q * p.Brs];
        }
    }

    /// <summary>C[i0..i0+8, j0..j0+w] for a single (masked) vector of columns: 8 independent FMA chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassOneVector<T>(in GemmProblem<T> p, T* b, nint brs, int i0, int j0, Vector512<T> m0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint ars = p.Ars, acs = p.Acs;
        T* a0 = p.A + i0 * ars;
        T* a4 = a0 + 4 * ars;
        nint rs2 = 2 * ars, rs3 = 3 * ars;
        var c0 = Vector512<T>.Zero; var c1 = Vector512<T>.Zero; var c2 = Vector512<T>.Zero; var c3 = Vector512<T>.Zero;
        var c4 = Vector512<T>.Zero; var c5 = Vector512<T>.Zero; var c6 = Vector512<T>.Zero; var c7 = Vector512<T>.Zero;
        int k = p.K;
        for (nint q = 0; q < k; q++)
        {
            var b0 = Load(b, m0);
            c0 = Fma(Vector512.Create(a0[0]), b0, c0);
            c1 = Fma(Vector512.Create(a0[ars]), b0, c1);
            c2 = Fma(Vector512.Create(a0[rs2]), b0, c2);
            c3 = Fma(Vector512.Create(a0[rs3]), b0, c3);
            c4 = Fma(Vector512.Create(a4[0]), b0, c4);
            c5 = Fma(Vector512.Create(a4[ars]), b0, c5);
            c6 = Fma(Vector512.Create(a4[rs2]), b0, c6);
            c7 = Fma(Vector512.Create(a4[rs3]), b0, c7);
            a0 += acs; a4 += acs; b += brs;
        }

        T* c = p.C + i0 * p.Ldc + j0;
        nint ldc = p.Ldc;
        var alpha = Vector512.Create(p.Alpha);
        var beta = Vector512.Create(p.Beta);
        bool betaZero = p.Beta == T.Zero;
        Store(c, c0, m0, alpha, beta, betaZero); Store(c + ldc, c1, m0, alpha, beta, betaZero);
        Store(c + 2 * ldc, c2, m0, alpha, beta, betaZero); Store(c + 3 * ldc, c3, m0, alpha, beta, betaZero);
        c += 4 * ldc;
        Store(c, c4, m0, alpha, beta, betaZero); Store(c + ldc, c5, m0, alpha, beta, betaZero);
        Store(c + 2 * ldc, c6, m0, alpha, beta, betaZero); Store(c + 3 * ldc, c7, m0, alpha, beta, betaZero);
    }

    /// <summary>n = 1, rows of A and the column of B contiguous: c_i = alpha * (a_i . b) + beta * c_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MatrixVector<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count, k = p.K;
        int full = k / w * w;
        var tail = Mask<T>(k - full);
        T* b = p.B;
        for (int i = 0; i < p.M; i++)
        {
            T* a = p.A + i * p.Ars;
            var acc = Vector512<T>.Zero;
            int q = 0;
            for (; q < full; q += w) acc = Fma(Vector512.Load(a + q), Vector512.Load(b + q), acc);
            if (q < k) acc = Fma(Load(a + q, tail), Load(b + q, tail), acc);
            T dot = Vector512.Sum(acc);
            T* c = p.C + i * p.Ldc;
            *c = p.Beta == T.Zero ? dot * p.Alpha : T.FusedMultiplyAdd(dot, p.Alpha, *c * p.Beta);
        }
    }

    /// <summary>Lanes 0..count-1 set (count &lt;= 0: none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Mask<T>(int count) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();
        return Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Load<T>(T* p, Vector512<T> mask) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Avx512F.MaskLoad((float*)p, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
        return Avx512F.MaskLoad((double*)p, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, Vector512<T> acc, Vector512<T> mask, Vector512<T> alpha, Vector512<T> beta, bool betaZero)
        where T : unmanaged
    {
        // c = alpha*acc  or  c = FMA(acc, alpha, beta*c), as the micro-kernels round
        var value = betaZero ? Multiply(acc, alpha) : Fma(acc, alpha, Multiply(Load(c, mask), beta));
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)c, mask.AsSingle(), value.AsSingle());
        else Avx512F.MaskStore((double*)c, mask.AsDouble(), value.AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Multiply<T>(Vector512<T> x, Vector512<T> y) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return (x.AsSingle() * y.AsSingle()).As<float, T>();
        return (x.AsDouble() * y.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tdlab.Kernels;

/// <summary>
/// In-register block transposes for packing a transposed operand (op(B) = B^T, B stored n x k): the
/// slivers need rows of B^T, i.e. columns of B. An 8 x 8 float (4 x 4 double) block is loaded as
/// 8 (4) ymm rows and transposed with unpack / shuffle / lane permutes, ~3 shuffles per 8 elements
/// against one load and one store per element for the scalar gather.
/// </summary>
internal static unsafe class GemmTransposePack
{
    /// <summary>Block edge: 8 floats or 4 doubles (one ymm row); 0 when AVX is unavailable.</summary>
    public static int Block<T>() where T : unmanaged
        => Avx.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double)) ? 32 / sizeof(T) : 0;

    /// <summary>dst[p*ldd + j] = src[j*lds + p] for p, j &lt; Block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose<T>(T* src, nint lds, T* dst, nint ldd) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) Transpose8((float*)src, lds, (float*)dst, ldd);
        else Transpose4((double*)src, lds, (double*)dst, ldd);
    }

    // Optimised at first call: a tier-0 or instrumented copy is many times slower, and on a loaded machine
    // tier-up can take seconds (the same for every hot kernel loop below).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8(float* s, nint lds, float* d, nint ldd)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + lds);
        var r2 = Avx.LoadVector256(s + 2 * lds); var r3 = Avx.LoadVector256(s + 3 * lds);
        var r4 = Avx.LoadVector256(s + 4 * lds); var r5 = Avx.LoadVector256(s + 5 * lds);
        var r6 = Avx.LoadVector256(s + 6 * lds); var r7 = Avx.LoadVector256(s + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose4(double* s, nint lds, double* d, nint ldd)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + lds);
        var r2 = Avx.LoadVector256(s + 2 * lds); var r3 = Avx.LoadVector256(s + 3 * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(d + ldd, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(d + 2 * ldd, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(d + 3 * ldd, Avx.Permute2x128(t1, t3, 0x31));
    }
}

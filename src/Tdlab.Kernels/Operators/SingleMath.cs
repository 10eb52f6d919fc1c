using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Tdlab.Kernels.Operators;

/// <summary>
/// Float-lane exp, tanh and sigmoid computed in single precision (System.Runtime.Intrinsics' float Exp
/// widens to double and is about 2.5x slower). One overload per width; the three are the same formulas.
/// <para>
/// exp(x) = 2^n e^r, n = round(x log2 e), r = x - n C1 - n C2 (Cody-Waite, C1 + C2 = ln 2, |r| &lt;= ln2/2),
/// e^r = 1 + r + r^2 P(r) with the degree-5 P of Cephes expf.c (S. L. Moshier, Cephes Math Library 2.2);
/// n is rounded by adding 1.5 * 2^23 (the low mantissa bits then hold n), and 2^n is built in the exponent
/// field. Fast path: every lane has |x| &lt;= 87.3, so 2^n is a normal float. Otherwise the wide path clamps x
/// to [-104, 89] and scales by 2^(n/2) 2^(n - n/2): x past ln(float.MaxValue) = 88.72 (+inf included) gives +inf,
/// x &lt;= -104 (-inf included) gives +0, results below 2^-126 are subnormal (rounded once), NaN stays NaN.
/// Max error 1 ulp against e^x rounded to float (SingleMathSweepTests).
/// </para>
/// <para>
/// tanh(x), on a = |x| and given the sign of x (tanh(-0) = -0): a &lt; 0.625: a + a z Q(z), z = a^2, the
/// degree-4 Q of Cephes tanhf.c (no division); otherwise 1 - 2 / (e^{2 min(a, 10)} + 1) (tanh(a) rounds
/// to 1 for a &gt; 9.02, and e^20 is far from overflow). NaN takes the polynomial branch and stays NaN.
/// The exp branch is skipped when no lane needs it.
/// </para>
/// <para>
/// sigmoid(x) with e = e^{-|x|} &lt;= 1 (never overflows): 1 / (1 + e) for x &gt;= 0, e / (1 + e) for x &lt; 0,
/// so sigmoid(x) for x &lt; -87.3 is the correctly scaled subnormal rather than 1 / (1 + inf) = 0.
/// </para>
/// </summary>
internal static class SingleMath
{
    const float Log2E = 1.44269504088896341f;
    const float C1 = 0.693359375f, C2 = -2.12194440e-4f;               // Cephes expf.c: C1 + C2 = ln 2
    const float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
        E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;   // Cephes expf.c P
    const float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
        T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;                  // Cephes tanhf.c Q
    const float Round = 12582912f;                                       // 1.5 * 2^23
    const int RoundBits = 0x4B400000, OneBits = 0x3F800000;             // bits of 1.5 * 2^23 and of 1
    const float FastLimit = 87.3f, WideLo = -104f, WideHi = 89f;
    const float TanhSplit = 0.625f, TanhClamp = 10f;

    // a*b + c, fused where the hardware has FMA (the JIT folds the test); the software fallback of
    // Vector*.FusedMultiplyAdd is a scalar loop, dozens of times slower than a multiply and an add.
    static bool HasFma => Fma.IsSupported || AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => HasFma ? Vector512.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => HasFma ? Vector256.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => HasFma ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;

    // ---- Vector512 ----

    /// <summary>e^x on every lane (see the type's remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
        => Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(FastLimit)) ? ExpFast(x) : ExpWide(x);

    /// <summary>tanh(x) on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x), z = a * a;
        Vector512<float> q = MulAdd(MulAdd(MulAdd(MulAdd(
            Vector512.Create(T0), z, Vector512.Create(T1)), z, Vector512.Create(T2)), z, Vector512.Create(T3)), z, Vector512.Create(T4));
        Vector512<float> y = MulAdd(a * z, q, a);
        if (Vector512.GreaterThanOrEqualAny(a, Vector512.Create(TanhSplit)))
        {
            Vector512<float> big = Vector512.GreaterThanOrEqual(a, Vector512.Create(TanhSplit));
            Vector512<float> e = ExpFast(Vector512.MinNative(a, Vector512.Create(TanhClamp)) * Vector512.Create(2f));
            y = Vector512.ConditionalSelect(big, Vector512<float>.One - Vector512.Create(2f) / (e + Vector512<float>.One), y);
        }
        return y | (x & Vector512.Create(-0f));
    }

    /// <summary>1 / (1 + e^{-x}) on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        Vector512<float> e = Exp(-Vector512.Abs(x));
        Vector512<float> num = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), e, Vector512<float>.One);
        return num / (Vector512<float>.One + e);
    }

    // e^x for |x| <= 87.3: n in [-126, 126], so 2^n = bits((n + 127) << 23) is normal.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> ExpFast(Vector512<float> x)
    {
        Vector512<float> t = MulAdd(x, Vector512.Create(Log2E), Vector512.Create(Round));
        Vector512<float> p = ExpReduced(x, t - Vector512.Create(Round));
        Vector512<int> scale = Vector512.ShiftLeft(t.AsInt32(), 23) + Vector512.Create(OneBits);
        return p * scale.AsSingle();
    }

    // e^x anywhere: x clamped to [-104, 89], n in [-150, 128] applied as two normal factors; NaN restored.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]    // a call here would make the JIT spill the hot loop's registers
    static Vector512<float> ExpWide(Vector512<float> x)
    {
        Vector512<float> xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(WideLo)), Vector512.Create(WideHi));
        Vector512<float> t = MulAdd(xc, Vector512.Create(Log2E), Vector512.Create(Round));
        Vector512<float> p = ExpReduced(xc, t - Vector512.Create(Round));
        Vector512<int> n = t.AsInt32() - Vector512.Create(RoundBits), n1 = Vector512.ShiftRightArithmetic(n, 1);
        Vector512<float> s1 = (Vector512.ShiftLeft(n1, 23) + Vector512.Create(OneBits)).AsSingle();
        Vector512<float> s2 = (Vector512.ShiftLeft(n - n1, 23) + Vector512.Create(OneBits)).AsSingle();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), p * s1 * s2, x);
    }

    // e^r for r = x - n ln 2 (|r| <= ln2/2), given x and n as a float.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> ExpReduced(Vector512<float> x, Vector512<float> n)
    {
        Vector512<float> r = MulAdd(n, Vector512.Create(-C2), MulAdd(n, Vector512.Create(-C1), x));
        Vector512<float> p = MulAdd(MulAdd(MulAdd(MulAdd(MulAdd(
            Vector512.Create(E0), r, Vector512.Create(E1)), r, Vector512.Create(E2)), r, Vector512.Create(E3)), r, Vector512.Create(E4)), r, Vector512.Create(E5));
        return MulAdd(p, r * r, r) + Vector512<float>.One;
    }

    // ---- Vector256 ----

    /// <summary>e^x on every lane (see the type's remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
        => Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(FastLimit)) ? ExpFast(x) : ExpWide(x);

    /// <summary>tanh(x) on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x), z = a * a;
        Vector256<float> q = MulAdd(MulAdd(MulAdd(MulAdd(
            Vector256.Create(T0), z, Vector256.Create(T1)), z, Vector256.Create(T2)), z, Vector256.Create(T3)), z, Vector256.Create(T4));
        Vector256<float> y = MulAdd(a * z, q, a);
        if (Vector256.GreaterThanOrEqualAny(a, Vector256.Create(TanhSplit)))
        {
            Vector256<float> big = Vector256.GreaterThanOrEqual(a, Vector256.Create(TanhSplit));
            Vector256<float> e = ExpFast(Vector256.MinNative(a, Vector256.Create(TanhClamp)) * Vector256.Create(2f));
            y = Vector256.ConditionalSelect(big, Vector256<float>.One - Vector256.Create(2f) / (e + Vector256<float>.One), y);
        }
        return y | (x & Vector256.Create(-0f));
    }

    /// <summary>1 / (1 + e^{-x}) on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> e = Exp(-Vector256.Abs(x));
        Vector256<float> num = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), e, Vector256<float>.One);
        return num / (Vector256<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> ExpFast(Vector256<float> x)
    {
        Vector256<float> t = MulAdd(x, Vector256.Create(Log2E), Vector256.Create(Round));
        Vector256<float> p = ExpReduced(x, t - Vector256.Create(Round));
        Vector256<int> scale = Vector256.ShiftLeft(t.AsInt32(), 23) + Vector256.Create(OneBits);
        return p * scale.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]    // a call here would make the JIT spill the hot loop's registers
    static Vector256<float> ExpWide(Vector256<float> x)
    {
        Vector256<float> xc = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(WideLo)), Vector256.Create(WideHi));
        Vector256<float> t = MulAdd(xc, Vector256.Create(Log2E), Vector256.Create(Round));
        Vector256<float> p = ExpReduced(xc, t - Vector256.Create(Round));
        Vector256<int> n = t.AsInt32() - Vector256.Create(RoundBits), n1 = Vector256.ShiftRightArithmetic(n, 1);
        Vector256<float> s1 = (Vector256.ShiftLeft(n1, 23) + Vector256.Create(OneBits)).AsSingle();
        Vector256<float> s2 = (Vector256.ShiftLeft(n - n1, 23) + Vector256.Create(OneBits)).AsSingle();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), p * s1 * s2, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> ExpReduced(Vector256<float> x, Vector256<float> n)
    {
        Vector256<float> r = MulAdd(n, Vector256.Create(-C2), MulAdd(n, Vector256.Create(-C1), x));
        Vector256<float> p = MulAdd(MulAdd(MulAdd(MulAdd(MulAdd(
            Vector256.Create(E0), r, Vector256.Create(E1)), r, Vector256.Create(E2)), r, Vector256.Create(E3)), r, Vector256.Create(E4)), r, Vector256.Create(E5));
        return MulAdd(p, r * r, r) + Vector256<float>.One;
    }

    // ---- Vector128 ----

    /// <summary>e^x on every lane (see the type's remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
        => Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(FastLimit)) ? ExpFast(x) : ExpWide(x);

    /// <summary>tanh(x) on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> a = Vector128.Abs(x), z = a * a;
        Vector128<float> q = MulAdd(MulAdd(MulAdd(MulAdd(
            Vector128.Create(T0), z, Vector128.Create(T1)), z, Vector128.Create(T2)), z, Vector128.Create(T3)), z, Vector128.Create(T4));
        Vector128<float> y = MulAdd(a * z, q, a);
        if (Vector128.GreaterThanOrEqualAny(a, Vector128.Create(TanhSplit)))
        {
            Vector128<float> big = Vector128.GreaterThanOrEqual(a, Vector128.Create(TanhSplit));
            Vector128<float> e = ExpFast(Vector128.MinNative(a, Vector128.Create(TanhClamp)) * Vector128.Create(2f));
            y = Vector128.ConditionalSelect(big, Vector128<float>.One - Vector128.Create(2f) / (e + Vector128<float>.One), y);
        }
        return y | (x & Vector128.Create(-0f));
    }

    /// <summary>1 / (1 + e^{-x}) on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x)
    {
        Vector128<float> e = Exp(-Vector128.Abs(x));
        Vector128<float> num = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), e, Vector128<float>.One);
        return num / (Vector128<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<float> ExpFast(Vector128<float> x)
    {
        Vector128<float> t = MulAdd(x, Vector128.Create(Log2E), Vector128.Create(Round));
        Vector128<float> p = ExpReduced(x, t - Vector128.Create(Round));
        Vector128<int> scale = Vector128.ShiftLeft(t.AsInt32(), 23) + Vector128.Create(OneBits);
        return p * scale.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]    // a call here would make the JIT spill the hot loop's registers
    static Vector128<float> ExpWide(Vector128<float> x)
    {
        Vector128<float> xc = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(WideLo)), Vector128.Create(WideHi));
        Vector128<float> t = MulAdd(xc, Vector128.Create(Log2E), Vector128.Create(Round));
        Vector128<float> p = ExpReduced(xc, t - Vector128.Create(Round));
        Vector128<int> n = t.AsInt32() - Vector128.Create(RoundBits), n1 = Vector128.ShiftRightArithmetic(n, 1);
        Vector128<float> s1 = (Vector128.ShiftLeft(n1, 23) + Vector128.Create(OneBits)).AsSingle();
        Vector128<float> s2 = (Vector128.ShiftLeft(n - n1, 23) + Vector128.Create(OneBits)).AsSingle();
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), p * s1 * s2, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<float> ExpReduced(Vector128<float> x, Vector128<float> n)
    {
        Vector128<float> r = MulAdd(n, Vector128.Create(-C2), MulAdd(n, Vector128.Create(-C1), x));
        Vector128<float> p = MulAdd(MulAdd(MulAdd(MulAdd(MulAdd(
            Vector128.Create(E0), r, Vector128.Create(E1)), r, Vector128.Create(E2)), r, Vector128.Create(E3)), r, Vector128.Create(E4)), r, Vector128.Create(E5));
        return MulAdd(p, r * r, r) + Vector128<float>.One;
    }
}

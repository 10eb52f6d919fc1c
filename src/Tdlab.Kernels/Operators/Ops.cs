using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tdlab.Kernels.Operators;

// Operator structs behind Elementwise and Rows. Each states its formula once; the three methods are the
// same formula at the three vector widths. Scalar definitions: ElementwiseReference.

/// <summary>y = a*x + b (no fused multiply-add, so it matches the scalar reference bit for bit).</summary>
internal readonly struct AffineOp<T>(T a, T b) : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.Create(a) * x + Vector128.Create(b);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.Create(a) * x + Vector256.Create(b);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Create(a) * x + Vector512.Create(b);
}

/// <summary>y = max(x, 0) as IEEE maximum: NaN stays NaN, -0 gives +0 (one compare and a select).</summary>
internal readonly struct ReluOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128<T>.Zero), Vector128<T>.Zero, x);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.Zero, x);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<T>.Zero), Vector512<T>.Zero, x);
}

/// <summary>dx = x &gt; 0 ? dy : 0 (a select, so an infinite dy at x &lt;= 0 gives 0, not NaN).</summary>
internal readonly struct ReluGradOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> dy) => Vector128.GreaterThan(x, Vector128<T>.Zero) & dy;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy) => Vector256.GreaterThan(x, Vector256<T>.Zero) & dy;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy) => Vector512.GreaterThan(x, Vector512<T>.Zero) & dy;
}

/// <summary>y = x &gt; 0 ? 1 : 0.</summary>
internal readonly struct StepOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.GreaterThan(x, Vector128<T>.Zero) & Vector128<T>.One;
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One;
}

/// <summary>
/// y = tanh(x), computed on |x| and given the sign of x (exact odd symmetry, tanh(-0) = -0).
/// |x| &lt; 0.625: |x| + |x| s P(s)/Q(s), s = x^2 (Cephes tanh.c rational, S. L. Moshier);
/// otherwise 1 - 2/(e^{2|x|} + 1), which saturates to 1 when e^{2|x|} overflows.
/// Float lanes: <see cref="SingleMath.Tanh(Vector512{float})"/> (the single-precision Cephes tanhf).
/// </summary>
internal readonly struct TanhOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static readonly T P0 = T.CreateTruncating(-9.64399179425052238628E-1), P1 = T.CreateTruncating(-9.92877231001918586564E1),
        P2 = T.CreateTruncating(-1.61468768441708447952E3), Q0 = T.CreateTruncating(1.12811678491632931402E2),
        Q1 = T.CreateTruncating(2.23548839060100448583E3), Q2 = T.CreateTruncating(4.84406305325125486048E3),
        Split = T.CreateTruncating(0.625), Two = T.CreateTruncating(2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return SingleMath.Tanh(x.AsSingle()).As<float, T>();
        Vector128<T> ax = Vector128.Abs(x), s = x * x;
        Vector128<T> p = (Vector128.Create(P0) * s + Vector128.Create(P1)) * s + Vector128.Create(P2);
        Vector128<T> q = ((s + Vector128.Create(Q0)) * s + Vector128.Create(Q1)) * s + Vector128.Create(Q2);
        Vector128<T> small = ax + ax * s * (p / q);
        Vector128<T> large = Vector128<T>.One - Vector128.Create(Two) / (VectorMath.Exp(ax + ax) + Vector128<T>.One);
        return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(Split)), small, large) | VectorMath.SignBit(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return SingleMath.Tanh(x.AsSingle()).As<float, T>();
        Vector256<T> ax = Vector256.Abs(x), s = x * x;
        Vector256<T> p = (Vector256.Create(P0) * s + Vector256.Create(P1)) * s + Vector256.Create(P2);
        Vector256<T> q = ((s + Vector256.Create(Q0)) * s + Vector256.Create(Q1)) * s + Vector256.Create(Q2);
        Vector256<T> small = ax + ax * s * (p / q);
        Vector256<T> large = Vector256<T>.One - Vector256.Create(Two) / (VectorMath.Exp(ax + ax) + Vector256<T>.One);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(Split)), small, large) | VectorMath.SignBit(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x)
    {
        if (typeof(T) == typeof(float)) return SingleMath.Tanh(x.AsSingle()).As<float, T>();
        Vector512<T> ax = Vector512.Abs(x), s = x * x;
        Vector512<T> p = (Vector512.Create(P0) * s + Vector512.Create(P1)) * s + Vector512.Create(P2);
        Vector512<T> q = ((s + Vector512.Create(Q0)) * s + Vector512.Create(Q1)) * s + Vector512.Create(Q2);
        Vector512<T> small = ax + ax * s * (p / q);
        Vector512<T> large = Vector512<T>.One - Vector512.Create(Two) / (VectorMath.Exp(ax + ax) + Vector512<T>.One);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(Split)), small, large) | VectorMath.SignBit(x);
    }
}

/// <summary>dx = dy * (1 - y^2), y = tanh(x).</summary>
internal readonly struct TanhGradOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> dy) => dy * (Vector128<T>.One - y * y);
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) => dy * (Vector256<T>.One - y * y);
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) => dy * (Vector512<T>.One - y * y);
}

/// <summary>
/// y = 1 / (1 + e^{-x}); sigmoid(-inf) = 0, sigmoid(+inf) = 1.
/// Float lanes: <see cref="SingleMath.Sigmoid(Vector512{float})"/> (e^{-|x|} / (1 + e^{-|x|}) for x &lt; 0).
/// </summary>
internal readonly struct SigmoidOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> x) => typeof(T) == typeof(float)
        ? SingleMath.Sigmoid(x.AsSingle()).As<float, T>()
        : Vector128<T>.One / (Vector128<T>.One + VectorMath.Exp(-x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> x) => typeof(T) == typeof(float)
        ? SingleMath.Sigmoid(x.AsSingle()).As<float, T>()
        : Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => typeof(T) == typeof(float)
        ? SingleMath.Sigmoid(x.AsSingle()).As<float, T>()
        : Vector512<T>.One / (Vector512<T>.One + VectorMath.Exp(-x));
}

/// <summary>dx = dy * y * (1 - y), y = sigmoid(x).</summary>
internal readonly struct SigmoidGradOp<T> : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> dy) => dy * y * (Vector128<T>.One - y);
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) => dy * y * (Vector256<T>.One - y);
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) => dy * y * (Vector512<T>.One - y);
}

/// <summary>y = (max(z, 0) + log1p(e^{-|z|})) / beta, z = beta x: log(1 + e^{beta x}) / beta without overflow.</summary>
internal readonly struct SoftplusOp<T>(T beta) : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x)
    {
        Vector128<T> b = Vector128.Create(beta), z = b * x;
        return (Vector128.Max(z, Vector128<T>.Zero) + VectorMath.Log1P(VectorMath.Exp(-Vector128.Abs(z)))) / b;
    }
    public Vector256<T> Invoke(Vector256<T> x)
    {
        Vector256<T> b = Vector256.Create(beta), z = b * x;
        return (Vector256.Max(z, Vector256<T>.Zero) + VectorMath.Log1P(VectorMath.Exp(-Vector256.Abs(z)))) / b;
    }
    public Vector512<T> Invoke(Vector512<T> x)
    {
        Vector512<T> b = Vector512.Create(beta), z = b * x;
        return (Vector512.Max(z, Vector512<T>.Zero) + VectorMath.Log1P(VectorMath.Exp(-Vector512.Abs(z)))) / b;
    }
}

/// <summary>y = min(max(x, lo), hi); NaN propagates (IEEE 754-2019 maximum/minimum).</summary>
internal readonly struct ClampOp<T>(T lo, T hi) : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.Min(Vector128.Max(x, Vector128.Create(lo)), Vector128.Create(hi));
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.Min(Vector256.Max(x, Vector256.Create(lo)), Vector256.Create(hi));
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Min(Vector512.Max(x, Vector512.Create(lo)), Vector512.Create(hi));
}

/// <summary>dx = lo &lt; x &lt; hi ? dy : 0.</summary>
internal readonly struct ClampGradOp<T>(T lo, T hi) : IBinaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> dy) => Vector128.GreaterThan(x, Vector128.Create(lo)) & Vector128.LessThan(x, Vector128.Create(hi)) & dy;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy) => Vector256.GreaterThan(x, Vector256.Create(lo)) & Vector256.LessThan(x, Vector256.Create(hi)) & dy;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy) => Vector512.GreaterThan(x, Vector512.Create(lo)) & Vector512.LessThan(x, Vector512.Create(hi)) & dy;
}

/// <summary>y = x &gt; 0 ? 1 : x &lt; 0 ? -1 : +0; NaN stays NaN.</summary>
internal readonly struct SignOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x)
    {
        Vector128<T> sign = (Vector128.GreaterThan(x, Vector128<T>.Zero) & Vector128<T>.One) | (Vector128.LessThan(x, Vector128<T>.Zero) & -Vector128<T>.One);
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), sign, x);
    }
    public Vector256<T> Invoke(Vector256<T> x)
    {
        Vector256<T> sign = (Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One) | (Vector256.LessThan(x, Vector256<T>.Zero) & -Vector256<T>.One);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), sign, x);
    }
    public Vector512<T> Invoke(Vector512<T> x)
    {
        Vector512<T> sign = (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One) | (Vector512.LessThan(x, Vector512<T>.Zero) & -Vector512<T>.One);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), sign, x);
    }
}

/// <summary>y = e^{x - m} (the numerator of a softmax with row maximum m).</summary>
internal readonly struct ExpShiftedOp<T>(T m) : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Vector128<T> Invoke(Vector128<T> x) => VectorMath.Exp(x - Vector128.Create(m));
    public Vector256<T> Invoke(Vector256<T> x) => VectorMath.Exp(x - Vector256.Create(m));
    public Vector512<T> Invoke(Vector512<T> x) => VectorMath.Exp(x - Vector512.Create(m));
}

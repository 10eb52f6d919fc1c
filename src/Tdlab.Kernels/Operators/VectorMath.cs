using System.Runtime.Intrinsics;

namespace Tdlab.Kernels.Operators;

/// <summary>
/// Transcendental helpers on vectors of a generic lane type T (float or double), one overload per
/// width. Float Exp is <see cref="SingleMath.Exp(Vector512{float})"/> (single precision, about 1 ulp); double Exp
/// and Log delegate to System.Runtime.Intrinsics (about 1 ulp, AOCL-derived; its float Exp widens to double).
/// </summary>
internal static class VectorMath
{
    public static Vector128<T> Exp<T>(Vector128<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return SingleMath.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Exp on {typeof(T).Name} lanes.");
    }

    public static Vector128<T> Log<T>(Vector128<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector128.Log(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Log(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Log on {typeof(T).Name} lanes.");
    }

    // log(1 + u) for u in [0, 1], accurate for tiny u: with w = fl(1 + u), log1p(u) = log(w) * u / (w - 1),
    // and u itself where w == 1 (Kahan; Goldberg 1991, "What every computer scientist should know about
    // floating-point arithmetic", Theorem 4).
    public static Vector128<T> Log1P<T>(Vector128<T> u) where T : unmanaged
    {
        Vector128<T> w = u + Vector128<T>.One;
        Vector128<T> wm1 = w - Vector128<T>.One;
        return Vector128.ConditionalSelect(Vector128.Equals(wm1, Vector128<T>.Zero), u, Log(w) * (u / wm1));
    }

    // The sign bit of x: x & -0.
    public static Vector128<T> SignBit<T>(Vector128<T> x) where T : unmanaged => x & -Vector128<T>.Zero;
    public static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return SingleMath.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Exp on {typeof(T).Name} lanes.");
    }

    public static Vector256<T> Log<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector256.Log(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Log(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Log on {typeof(T).Name} lanes.");
    }

    // log(1 + u) for u in [0, 1], accurate for tiny u: with w = fl(1 + u), log1p(u) = log(w) * u / (w - 1),
    // and u itself where w == 1 (Kahan; Goldberg 1991, "What every computer scientist should know about
    // floating-point arithmetic", Theorem 4).
    public static Vector256<T> Log1P<T>(Vector256<T> u) where T : unmanaged
    {
        Vector256<T> w = u + Vector256<T>.One;
        Vector256<T> wm1 = w - Vector256<T>.One;
        return Vector256.ConditionalSelect(Vector256.Equals(wm1, Vector256<T>.Zero), u, Log(w) * (u / wm1));
    }

    // The sign bit of x: x & -0.
    public static Vector256<T> SignBit<T>(Vector256<T> x) where T : unmanaged => x & -Vector256<T>.Zero;
    public static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return SingleMath.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Exp on {typeof(T).Name} lanes.");
    }

    public static Vector512<T> Log<T>(Vector512<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.Log(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Log(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"Log on {typeof(T).Name} lanes.");
    }

    // log(1 + u) for u in [0, 1], accurate for tiny u: with w = fl(1 + u), log1p(u) = log(w) * u / (w - 1),
    // and u itself where w == 1 (Kahan; Goldberg 1991, "What every computer scientist should know about
    // floating-point arithmetic", Theorem 4).
    public static Vector512<T> Log1P<T>(Vector512<T> u) where T : unmanaged
    {
        Vector512<T> w = u + Vector512<T>.One;
        Vector512<T> wm1 = w - Vector512<T>.One;
        return Vector512.ConditionalSelect(Vector512.Equals(wm1, Vector512<T>.Zero), u, Log(w) * (u / wm1));
    }

    // The sign bit of x: x & -0.
    public static Vector512<T> SignBit<T>(Vector512<T> x) where T : unmanaged => x & -Vector512<T>.Zero;
}

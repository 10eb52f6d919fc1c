using System.Numerics;

namespace Tdlab.Kernels.Tests;

/// <summary>Comparison of a fast result with a reference result, special values included.</summary>
public static class Approx
{
    /// <summary>
    /// True when f and r agree: both NaN; or equal, with the same sign when zero; or finite and within
    /// ulps * (epsilon(T) |r| + the smallest subnormal) of r, plus atol.
    /// </summary>
    public static bool Close<T>(T f, T r, double ulps, double atol = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(r) || T.IsNaN(f)) return T.IsNaN(r) && T.IsNaN(f);
        if (f == r) return !T.IsZero(r) || T.IsNegative(f) == T.IsNegative(r);
        double fd = double.CreateTruncating(f), rd = double.CreateTruncating(r);
        return double.IsFinite(fd) && double.IsFinite(rd) && Math.Abs(fd - rd) <= ulps * (Eps<T>() * Math.Abs(rd) + double.CreateTruncating(T.Epsilon)) + atol;
    }

    /// <summary>Machine epsilon of T (spacing of numbers at 1).</summary>
    public static double Eps<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? 1.1920928955078125e-7 : 2.220446049250313e-16;

    public static string Show<T>(T v) where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsZero(v) && T.IsNegative(v) ? "-0" : double.CreateTruncating(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// Elementwise maps used by the tensor ops. Every method accepts x and y aliasing the same span
/// (in place) and spans of any length. Placeholder scalar bodies until the vectorised operator
/// structs land; the scalar forms stay as <c>ElementwiseReference</c>.
/// </summary>
public static partial class Elementwise
{
    // y = x + s
    public static void AddScalar<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = x[i] + s; }

    // y = a*x + b (affine map)
    public static void Affine<T>(ReadOnlySpan<T> x, T a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = a * x[i] + b; }

    // y = max(x, 0)
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : T.Zero; }

    // dx = dy * [x > 0]   (d relu(x)/dx = step(x))
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : T.Zero; }

    // y = [x > 0] as 0/1
    public static void Step<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : T.Zero; }

    // y = tanh(x)
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.Tanh(x[i]); }

    // dx = dy * (1 - y^2)   (d tanh(x)/dx = 1 - tanh^2)
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * (T.One - y[i] * y[i]); }

    // y = 1 / (1 + exp(-x))
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.One / (T.One + T.Exp(-x[i])); }

    // dx = dy * y * (1 - y)   (d sigmoid/dx = s(1-s))
    public static void SigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * y[i] * (T.One - y[i]); }

    // y = log(1 + exp(beta x)) / beta, computed stably: max(z,0) + log1p(exp(-|z|)), z = beta x
    public static void Softplus<T>(ReadOnlySpan<T> x, T beta, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T z = beta * x[i];
            y[i] = (T.Max(z, T.Zero) + T.LogP1(T.Exp(-T.Abs(z)))) / beta;
        }
    }

    // y = erf(x)
    public static void Erf<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.CreateTruncating(ErfScalar.Erf(double.CreateTruncating(x[i]))); }

    // y = clamp(x, lo, hi)   (hard-tanh for lo = -1, hi = 1)
    public static void Clamp<T>(ReadOnlySpan<T> x, T lo, T hi, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : T.Min(T.Max(x[i], lo), hi); }

    // dx = dy * [lo < x < hi]
    public static void ClampBackward<T>(ReadOnlySpan<T> x, T lo, T hi, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) dx[i] = x[i] > lo && x[i] < hi ? dy[i] : T.Zero; }

    // y = x > 0 ? 1 : (x < 0 ? -1 : 0)  (NaN stays NaN)
    public static void Sign<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : x[i] > T.Zero ? T.One : x[i] < T.Zero ? -T.One : T.Zero; }
}

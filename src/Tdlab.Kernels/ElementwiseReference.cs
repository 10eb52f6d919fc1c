using System.Numerics;

namespace Tdlab.Kernels;

/// <summary>
/// Scalar definitions of the <see cref="Elementwise"/> maps: one plain loop each, the specification the
/// fast kernels are tested against. Special values follow IEEE 754 arithmetic on these formulas, except
/// where a comment says otherwise (relu keeps NaN; sign and clamp keep NaN).
/// </summary>
public static class ElementwiseReference
{
    // y = x + s
    public static void AddScalar<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = x[i] + s; }

    // y = a*x + b (affine map)
    public static void Affine<T>(ReadOnlySpan<T> x, T a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = a * x[i] + b; }

    // y = max(x, 0) as IEEE 754-2019 maximum: relu(NaN) = NaN (divergence stays visible), relu(-0) = +0
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : x[i] > T.Zero ? x[i] : T.Zero; }

    // dx = x > 0 ? dy : 0   (d relu(x)/dx = step(x); a select: 0 at x = NaN and where x <= 0 even if dy = +-Inf)
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : T.Zero; }

    // y = x > 0 ? 1 : 0   (step(NaN) = 0)
    public static void Step<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : T.Zero; }

    // y = tanh(x)
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.Tanh(x[i]); }

    // dx = dy * (1 - y^2)   (d tanh(x)/dx = 1 - tanh^2)
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * (T.One - y[i] * y[i]); }

    // y = 1 / (1 + exp(-x))   (sigmoid(-inf) = 0, sigmoid(+inf) = 1)
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.One / (T.One + T.Exp(-x[i])); }

    // dx = dy * y * (1 - y)   (d sigmoid/dx = s(1-s))
    public static void SigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * y[i] * (T.One - y[i]); }

    // y = log(1 + exp(beta x)) / beta, computed stably in double from z = beta x (rounded to T, as the
    // fast kernel's input to exp is) and rounded once: (max(z,0) + log1p(exp(-|z|))) / beta
    public static void Softplus<T>(ReadOnlySpan<T> x, T beta, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double b = double.CreateTruncating(beta);
        for (int i = 0; i < x.Length; i++)
        {
            double z = double.CreateTruncating(beta * x[i]);
            y[i] = T.CreateTruncating((Math.Max(z, 0.0) + Log1P(Math.Exp(-Math.Abs(z)))) / b);
        }
    }

    // log(1 + u) accurate for tiny u (Kahan's w = 1 + u trick; .NET's LogP1 is log(u + 1) and returns 0 for
    // u below epsilon/2): Goldberg 1991, "What every computer scientist should know about floating-point
    // arithmetic", Theorem 4.
    static double Log1P(double u)
    {
        double w = 1.0 + u;
        return w == 1.0 ? u : Math.Log(w) * u / (w - 1.0);
    }

    // y = erf(x), through the double-precision ErfScalar
    public static void Erf<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.CreateTruncating(ErfScalar.Erf(double.CreateTruncating(x[i]))); }

    // y = clamp(x, lo, hi)   (hard-tanh for lo = -1, hi = 1); clamp(NaN) = NaN
    public static void Clamp<T>(ReadOnlySpan<T> x, T lo, T hi, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : T.Min(T.Max(x[i], lo), hi); }

    // dx = lo < x < hi ? dy : 0
    public static void ClampBackward<T>(ReadOnlySpan<T> x, T lo, T hi, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) dx[i] = x[i] > lo && x[i] < hi ? dy[i] : T.Zero; }

    // y = x > 0 ? 1 : (x < 0 ? -1 : +0)  (NaN stays NaN; sign(-0) = +0)
    public static void Sign<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    { for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : x[i] > T.Zero ? T.One : x[i] < T.Zero ? -T.One : T.Zero; }
}

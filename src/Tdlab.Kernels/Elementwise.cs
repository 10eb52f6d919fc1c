using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using Tdlab.Kernels.Operators;

namespace Tdlab.Kernels;

/// <summary>
/// Elementwise maps used by the tensor ops, vectorised. Each computes what the same-named
/// <see cref="ElementwiseReference"/> method defines (bit for bit for the arithmetic maps, within a few
/// ulp for the transcendental ones; the tests state each tolerance). Every method accepts y aliasing an
/// input exactly (in place) and any length; the destination must be at least as long as the input, and
/// a partial overlap throws. Operator-struct kernels give each element a result that depends only on its
/// inputs, never on its position or the span length.
/// </summary>
public static partial class Elementwise
{
    // y = x + s
    public static void AddScalar<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Add(x, s, y);

    // y = a*x + b (affine map)
    public static void Affine<T>(ReadOnlySpan<T> x, T a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.Affine", x, y, new AffineOp<T>(a, b));

    // y = max(x, 0); relu(NaN) = NaN, relu(-0) = +0 (IEEE 754-2019 maximum)
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.Relu", x, y, new ReluOp<T>());

    // dx = x > 0 ? dy : 0   (d relu(x)/dx = step(x))
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.ReluBackward", x, dy, dx, new ReluGradOp<T>());

    // y = [x > 0] as 0/1
    public static void Step<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.Step", x, y, new StepOp<T>());

    // y = tanh(x). Not TensorPrimitives.Tanh: its 1 - 2/(e^2x + 1) form loses relative accuracy near 0
    // (measured 1e-4 relative in double at |x| ~ 1e-8, and wrong digits in float below |x| ~ 0.3).
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.Tanh", x, y, new TanhOp<T>());

    // dx = dy * (1 - y^2)   (d tanh(x)/dx = 1 - tanh^2)
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.TanhBackward", y, dy, dx, new TanhGradOp<T>());

    // y = 1 / (1 + exp(-x)). Not TensorPrimitives.Sigmoid: it rejects empty spans and computes spans
    // shorter than a vector with scalar Exp, so its last bit depends on the span length.
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.Sigmoid", x, y, new SigmoidOp<T>());

    // dx = dy * y * (1 - y)   (d sigmoid/dx = s(1-s))
    public static void SigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.SigmoidBackward", y, dy, dx, new SigmoidGradOp<T>());

    // y = log(1 + exp(beta x)) / beta, beta > 0, computed stably: (max(z,0) + log1p(exp(-|z|))) / beta, z = beta x
    public static void Softplus<T>(ReadOnlySpan<T> x, T beta, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(beta > T.Zero) || T.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Elementwise.Softplus: beta must be positive and finite.");
        ElementwiseDriver.Map("Elementwise.Softplus", x, y, new SoftplusOp<T>(beta));
    }

    // y = erf(x) (Cody's double-precision approximation, one element at a time)
    public static void Erf<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length)
            throw new ArgumentException($"Elementwise.Erf: destination length {y.Length} is shorter than input length {x.Length}.");
        for (int i = 0; i < x.Length; i++) y[i] = T.CreateTruncating(ErfScalar.Erf(double.CreateTruncating(x[i])));
    }

    // y = clamp(x, lo, hi), lo <= hi   (hard-tanh for lo = -1, hi = 1); clamp(NaN) = NaN
    public static void Clamp<T>(ReadOnlySpan<T> x, T lo, T hi, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBounds("Elementwise.Clamp", lo, hi);
        ElementwiseDriver.Map("Elementwise.Clamp", x, y, new ClampOp<T>(lo, hi));
    }

    // dx = dy * [lo < x < hi]
    public static void ClampBackward<T>(ReadOnlySpan<T> x, T lo, T hi, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBounds("Elementwise.ClampBackward", lo, hi);
        ElementwiseDriver.Map("Elementwise.ClampBackward", x, dy, dx, new ClampGradOp<T>(lo, hi));
    }

    // y = x > 0 ? 1 : (x < 0 ? -1 : +0)  (NaN stays NaN)
    public static void Sign<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseDriver.Map("Elementwise.Sign", x, y, new SignOp<T>());

    static void CheckBounds<T>(string op, T lo, T hi) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(lo <= hi))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{op}: bounds lo = {lo} and hi = {hi} do not satisfy lo <= hi."));
    }
}

using System.Numerics;
using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>A kernel d = f(a, b) over spans; unary kernels ignore b.</summary>
public delegate void SpanKernel<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d);

/// <summary>
/// One row of the elementwise test table: the fast kernel beside its scalar reference, the tolerance
/// in units of machine epsilon (relative; 0 = bit for bit), and the range random first operands are
/// drawn from (second operands: uniform in (-2, 2)).
/// </summary>
public sealed record ElementwiseCase<T>(string Name, int Arity, SpanKernel<T> Fast, SpanKernel<T> Reference, double Ulps, double Lo, double Hi)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The table (STYLE.md item 4): every Elementwise kernel, for T = float and T = double.</summary>
public static class ElementwiseTable<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static T C(double v) => T.CreateTruncating(v);

    static ElementwiseCase<T> Unary(string name, SpanKernel<T> fast, SpanKernel<T> reference, double ulps, double lo, double hi)
        => new(name, 1, fast, reference, ulps, lo, hi);

    static ElementwiseCase<T> Binary(string name, SpanKernel<T> fast, SpanKernel<T> reference, double ulps, double lo, double hi)
        => new(name, 2, fast, reference, ulps, lo, hi);

    public static readonly ElementwiseCase<T>[] Cases =
    [
        Unary("AddScalar", (a, _, d) => Elementwise.AddScalar(a, C(0.75), d), (a, _, d) => ElementwiseReference.AddScalar(a, C(0.75), d), 0, -4, 4),
        Unary("Affine", (a, _, d) => Elementwise.Affine(a, C(1.5), C(-0.25), d), (a, _, d) => ElementwiseReference.Affine(a, C(1.5), C(-0.25), d), 0, -4, 4),
        Unary("Relu", (a, _, d) => Elementwise.Relu(a, d), (a, _, d) => ElementwiseReference.Relu(a, d), 0, -4, 4),
        Binary("ReluBackward", Elementwise.ReluBackward, ElementwiseReference.ReluBackward, 0, -4, 4),
        Unary("Step", (a, _, d) => Elementwise.Step(a, d), (a, _, d) => ElementwiseReference.Step(a, d), 0, -4, 4),
        Unary("Tanh", (a, _, d) => Elementwise.Tanh(a, d), (a, _, d) => ElementwiseReference.Tanh(a, d), 4, -25, 25),
        Binary("TanhBackward", Elementwise.TanhBackward, ElementwiseReference.TanhBackward, 0, -1, 1),
        Unary("Sigmoid", (a, _, d) => Elementwise.Sigmoid(a, d), (a, _, d) => ElementwiseReference.Sigmoid(a, d), 4, -80, 80),
        Binary("SigmoidBackward", Elementwise.SigmoidBackward, ElementwiseReference.SigmoidBackward, 0, 0, 1),
        Unary("Softplus(beta=1)", (a, _, d) => Elementwise.Softplus(a, T.One, d), (a, _, d) => ElementwiseReference.Softplus(a, T.One, d), 8, -60, 60),
        Unary("Softplus(beta=5)", (a, _, d) => Elementwise.Softplus(a, C(5), d), (a, _, d) => ElementwiseReference.Softplus(a, C(5), d), 8, -30, 30),
        Unary("Erf", (a, _, d) => Elementwise.Erf(a, d), (a, _, d) => ElementwiseReference.Erf(a, d), 0, -7, 7),
        Unary("Clamp", (a, _, d) => Elementwise.Clamp(a, -T.One, C(0.5), d), (a, _, d) => ElementwiseReference.Clamp(a, -T.One, C(0.5), d), 0, -3, 3),
        Binary("ClampBackward", (a, b, d) => Elementwise.ClampBackward(a, -T.One, C(0.5), b, d),
            (a, b, d) => ElementwiseReference.ClampBackward(a, -T.One, C(0.5), b, d), 0, -3, 3),
        Unary("Sign", (a, _, d) => Elementwise.Sign(a, d), (a, _, d) => ElementwiseReference.Sign(a, d), 0, -3, 3),
    ];

    public static ElementwiseCase<T> Get(string name) => Cases.Single(c => c.Name == name);
}

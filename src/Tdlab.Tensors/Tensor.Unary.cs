using System.Numerics;
using System.Numerics.Tensors;
using Tdlab.Kernels;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors;

/// <summary>
/// Elementwise functions and activations. Each backward is written with differentiable ops when the
/// backward pass is being recorded (second derivatives) and with a fused kernel otherwise.
/// </summary>
public sealed partial class Tensor<T>
{
    private delegate void UnaryKernel(ReadOnlySpan<T> x, Span<T> y);

    // d exp(x)/dx = exp(x) = y
    public Tensor<T> Exp()
    {
        var y = Map(TensorPrimitives.Exp);
        return Autograd.Record(y, "exp", [this], g => [g * y]);
    }

    // d log(x)/dx = 1/x
    public Tensor<T> Log()
    {
        var x = this;
        return Autograd.Record(Map(TensorPrimitives.Log), "log", [this], g => [g / x]);
    }

    // d sqrt(x)/dx = 1 / (2 y)
    public Tensor<T> Sqrt()
    {
        var y = Map(TensorPrimitives.Sqrt);
        return Autograd.Record(y, "sqrt", [this], g => [g / (y * T.CreateTruncating(2))]);
    }

    // d x^2/dx = 2x
    public Tensor<T> Square()
    {
        var x = this;
        var y = Tensor.Empty<T>(Shape);
        TensorPrimitives.Multiply(Span, Span, y.Span);
        return Autograd.Record(y, "square", [this], g => [g * x * T.CreateTruncating(2)]);
    }

    // d |x|/dx = sign(x)
    public Tensor<T> Abs()
    {
        var x = this;
        return Autograd.Record(Map(TensorPrimitives.Abs), "abs", [this], g => [g * x.Sign()]);
    }

    // d x^p/dx = p x^(p-1)
    public Tensor<T> Pow(T p)
    {
        var x = this;
        var y = Tensor.Empty<T>(Shape);
        TensorPrimitives.Pow(Span, p, y.Span);
        return Autograd.Record(y, "pow", [this], g => [g * x.Pow(p - T.One) * p]);
    }

    // d sin(x)/dx = cos(x)
    public Tensor<T> Sin()
    {
        var x = this;
        return Autograd.Record(Map(TensorPrimitives.Sin), "sin", [this], g => [g * x.Cos()]);
    }

    // d cos(x)/dx = -sin(x)
    public Tensor<T> Cos()
    {
        var x = this;
        return Autograd.Record(Map(TensorPrimitives.Cos), "cos", [this], g => [-(g * x.Sin())]);
    }

    // d tanh(x)/dx = 1 - y^2
    public Tensor<T> Tanh()
    {
        var y = Map(Elementwise.Tanh);
        return Autograd.Record(y, "tanh", [this], g => Autograd.IsRecording
            ? [g * (T.One - y.Square())]
            : [Fused(y, g, Elementwise.TanhBackward)]);
    }

    // d sigmoid(x)/dx = y (1 - y)
    public Tensor<T> Sigmoid()
    {
        var y = Map(Elementwise.Sigmoid);
        return Autograd.Record(y, "sigmoid", [this], g => Autograd.IsRecording
            ? [g * y * (T.One - y)]
            : [Fused(y, g, Elementwise.SigmoidBackward)]);
    }

    // d relu(x)/dx = step(x); its own derivative is 0 almost everywhere
    public Tensor<T> Relu()
    {
        var x = this;
        return Autograd.Record(Map(Elementwise.Relu), "relu", [this], g => Autograd.IsRecording
            ? [g * x.Step()]
            : [Fused(x, g, Elementwise.ReluBackward)]);
    }

    // softplus_beta(x) = log(1 + exp(beta x)) / beta;  d/dx = sigmoid(beta x)
    public Tensor<T> Softplus(T beta)
    {
        var x = this;
        var y = Tensor.Empty<T>(Shape);
        Elementwise.Softplus(Span, beta, y.Span);
        return Autograd.Record(y, "softplus", [this], g => [g * (x * beta).Sigmoid()]);
    }

    // d erf(x)/dx = 2/sqrt(pi) exp(-x^2)
    public Tensor<T> Erf()
    {
        var x = this;
        T c = T.CreateTruncating(2.0 / Math.Sqrt(Math.PI));
        return Autograd.Record(Map(Elementwise.Erf), "erf", [this], g => [g * (-x.Square()).Exp() * c]);
    }

    // clamp(x, lo, hi); d/dx = [lo < x < hi] (hard-tanh for lo = -1, hi = 1)
    public Tensor<T> Clamp(T lo, T hi)
    {
        var x = this;
        var y = Tensor.Empty<T>(Shape);
        Elementwise.Clamp(Span, lo, hi, y.Span);
        return Autograd.Record(y, "clamp", [this], g =>
        {
            var mask = Tensor.Empty<T>(x.Shape);
            var ones = Tensor.Ones<T>(x.Shape);
            Elementwise.ClampBackward(x.Span, lo, hi, ones.Span, mask.Span);
            return [g * mask];
        });
    }

    public Tensor<T> HardTanh() => Clamp(-T.One, T.One);

    /// <summary>[x &gt; 0] as 0/1; not differentiable (a constant for autodiff).</summary>
    public Tensor<T> Step()
    {
        var y = Tensor.Empty<T>(Shape);
        Elementwise.Step(Span, y.Span);
        return y;
    }

    /// <summary>sign(x) in {-1, 0, 1}; a constant for autodiff.</summary>
    public Tensor<T> Sign()
    {
        var y = Tensor.Empty<T>(Shape);
        Elementwise.Sign(Span, y.Span);
        return y;
    }

    private Tensor<T> Map(UnaryKernel kernel)
    {
        var y = Tensor.Empty<T>(Shape);
        kernel(Span, y.Span);
        return y;
    }

    private delegate void BackwardKernel(ReadOnlySpan<T> saved, ReadOnlySpan<T> dy, Span<T> dx);

    private static Tensor<T> Fused(Tensor<T> saved, Tensor<T> g, BackwardKernel kernel)
    {
        var dx = Tensor.Empty<T>(g.Shape);
        kernel(saved.Span, g.Span, dx.Span);
        return dx;
    }
}

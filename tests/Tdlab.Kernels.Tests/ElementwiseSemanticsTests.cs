using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

/// <summary>
/// The defined behaviour on special values and extreme arguments, stated as expected values from the
/// definitions and checked on both the fast kernel and its reference (double; float follows by the table).
/// </summary>
public class ElementwiseSemanticsTests
{
    delegate void Map(ReadOnlySpan<double> x, Span<double> y);

    static void Expect(string op, Map fast, Map reference, double x, double expected, double rtol = 0)
    {
        foreach (var (kind, f) in new[] { ("fast", fast), ("reference", reference) })
        {
            var y = new double[1];
            f([x], y);
            Assert.True(Approx.Close(y[0], expected, 0, rtol * Math.Abs(expected)),
                $"{op} {kind}({Approx.Show(x)}) = {Approx.Show(y[0])}, expected {Approx.Show(expected)}");
        }
    }

    [Fact]
    public void ReluPropagatesNaNAndMapsMinusZeroToPlusZero()
    {
        Expect("relu", Elementwise.Relu, ElementwiseReference.Relu, double.NaN, double.NaN);
        Expect("relu", Elementwise.Relu, ElementwiseReference.Relu, -0.0, 0.0);
        Expect("relu", Elementwise.Relu, ElementwiseReference.Relu, double.NegativeInfinity, 0.0);
        Expect("relu", Elementwise.Relu, ElementwiseReference.Relu, double.PositiveInfinity, double.PositiveInfinity);
        Expect("step", Elementwise.Step, ElementwiseReference.Step, double.NaN, 0.0);
    }

    [Fact]
    public void ReluBackwardIsASelect()
    {
        var dx = new double[3];
        Elementwise.ReluBackward([-1.0, double.NaN, 2.0], [double.PositiveInfinity, 1.0, double.NaN], dx);
        Assert.Equal(0.0, dx[0]);
        Assert.Equal(0.0, dx[1]);
        Assert.True(double.IsNaN(dx[2]));
    }

    [Fact]
    public void TanhIsOddAccurateNearZeroAndSaturates()
    {
        Expect("tanh", Elementwise.Tanh, ElementwiseReference.Tanh, -0.0, -0.0);
        Expect("tanh", Elementwise.Tanh, ElementwiseReference.Tanh, 1e-8, 1e-8 - 1e-24 / 3, 4e-16);
        Expect("tanh", Elementwise.Tanh, ElementwiseReference.Tanh, double.PositiveInfinity, 1.0);
        Expect("tanh", Elementwise.Tanh, ElementwiseReference.Tanh, -800.0, -1.0);
        Expect("tanh", Elementwise.Tanh, ElementwiseReference.Tanh, double.NaN, double.NaN);
    }

    [Fact]
    public void SigmoidLimits()
    {
        Expect("sigmoid", Elementwise.Sigmoid, ElementwiseReference.Sigmoid, double.NegativeInfinity, 0.0);
        Expect("sigmoid", Elementwise.Sigmoid, ElementwiseReference.Sigmoid, double.PositiveInfinity, 1.0);
        Expect("sigmoid", Elementwise.Sigmoid, ElementwiseReference.Sigmoid, -30.0, Math.Exp(-30) / (1 + Math.Exp(-30)), 4e-16);
    }

    [Fact]
    public void SoftplusIsStableForLargeArguments()
    {
        Map fast5 = (x, y) => Elementwise.Softplus(x, 5.0, y), ref5 = (x, y) => ElementwiseReference.Softplus(x, 5.0, y);
        Expect("softplus5", fast5, ref5, 1000.0, 1000.0);                    // log(1 + e^5000)/5 = 1000 + e^-5000/5
        Expect("softplus5", fast5, ref5, -1000.0, 0.0);                      // e^-5000 / 5 underflows to +0
        Expect("softplus5", fast5, ref5, double.PositiveInfinity, double.PositiveInfinity);
        Expect("softplus5", fast5, ref5, double.NegativeInfinity, 0.0);
        Expect("softplus5", fast5, ref5, double.NaN, double.NaN);
        Map fast1 = (x, y) => Elementwise.Softplus(x, 1.0, y), ref1 = (x, y) => ElementwiseReference.Softplus(x, 1.0, y);
        Expect("softplus1", fast1, ref1, -40.0, Math.Exp(-40) - Math.Exp(-80) / 2, 1e-15);  // log1p(u) = u - u^2/2
        Expect("softplus1", fast1, ref1, 0.0, Math.Log(2), 2e-16);

        var f = new float[1];
        Elementwise.Softplus([1000f], 5f, f);
        Assert.Equal(1000f, f[0]);
    }

    [Fact]
    public void ClampAndSignKeepNaN()
    {
        Map clamp = (x, y) => Elementwise.Clamp(x, -1.0, 1.0, y), clampRef = (x, y) => ElementwiseReference.Clamp(x, -1.0, 1.0, y);
        Expect("clamp", clamp, clampRef, double.NaN, double.NaN);
        Expect("clamp", clamp, clampRef, double.NegativeInfinity, -1.0);
        Expect("sign", Elementwise.Sign, ElementwiseReference.Sign, double.NaN, double.NaN);
        Expect("sign", Elementwise.Sign, ElementwiseReference.Sign, -0.0, 0.0);
        Expect("sign", Elementwise.Sign, ElementwiseReference.Sign, double.NegativeInfinity, -1.0);
    }

    [Fact]
    public void BadArgumentsThrowNamingTheOp()
    {
        var x = new double[8];
        var ex = Assert.Throws<ArgumentException>(() => Elementwise.Tanh(x, new double[7]));
        Assert.Contains("Elementwise.Tanh", ex.Message);
        Assert.Contains("Elementwise.Sign", Assert.Throws<ArgumentException>(() => Elementwise.Sign(x.AsSpan(0, 6), x.AsSpan(1, 6))).Message);
        Assert.Contains("Elementwise.ReluBackward", Assert.Throws<ArgumentException>(() => Elementwise.ReluBackward(x, new double[7], x)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Elementwise.Softplus(x, 0.0, x));
        Assert.Contains("lo <= hi", Assert.Throws<ArgumentException>(() => Elementwise.Clamp(x, 1.0, -1.0, x)).Message);
    }
}

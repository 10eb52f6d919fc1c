using Tdlab.Kernels;

namespace Tdlab.Kernels.Tests;

public class ErfScalarTests
{
    // erf to 20 digits, from mpmath 1.2.1 (mp.dps = 30), covering Cody's three intervals and their edges
    [Theory]
    [InlineData(1e-300, 1.1283791670955125739e-300)]
    [InlineData(1e-10, 1.1283791670955125739e-10)]
    [InlineData(0.1, 0.1124629160182848922)]
    [InlineData(0.25, 0.27632639016823693299)]
    [InlineData(0.46875, 0.49261347321793799159)]
    [InlineData(0.5, 0.52049987781304653768)]
    [InlineData(1.0, 0.84270079294971486934)]
    [InlineData(2.0, 0.99532226501895273416)]
    [InlineData(3.0, 0.99997790950300141456)]
    [InlineData(4.0, 0.99999998458274209972)]
    [InlineData(4.5, 0.99999999980338395585)]
    [InlineData(5.9, 0.9999999999999999281)]
    [InlineData(6.0, 0.99999999999999997848)]
    public void MatchesHighPrecisionValuesAndIsOdd(double x, double expected)
    {
        Assert.True(Math.Abs(ErfScalar.Erf(x) - expected) <= 2.3e-16 * expected, $"erf({x}) = {ErfScalar.Erf(x):R}, expected {expected:R}");
        Assert.Equal(-ErfScalar.Erf(x), ErfScalar.Erf(-x));
    }

    [Fact]
    public void SpecialValues()
    {
        Assert.Equal(1.0, ErfScalar.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, ErfScalar.Erf(double.NegativeInfinity));
        Assert.Equal(1.0, ErfScalar.Erf(27.0));
        Assert.Equal(-1.0, ErfScalar.Erf(-1e300));
        Assert.True(double.IsNaN(ErfScalar.Erf(double.NaN)));
        Assert.True(double.IsPositive(ErfScalar.Erf(0.0)) && ErfScalar.Erf(0.0) == 0);
        Assert.True(double.IsNegative(ErfScalar.Erf(-0.0)) && ErfScalar.Erf(-0.0) == 0);
    }

    [Fact]
    public void IsOddAndMonotoneOnAGrid()
    {
        double previous = -1.0;
        for (double x = -7; x <= 7; x += 1.0 / 64)
        {
            double y = ErfScalar.Erf(x);
            Assert.Equal(-y, ErfScalar.Erf(-x));
            Assert.True(y >= previous, $"erf not monotone at {x}");
            previous = y;
        }
    }
}

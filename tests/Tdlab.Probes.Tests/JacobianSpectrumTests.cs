using Tdlab.Tensors;

namespace Tdlab.Probes.Tests;

public class JacobianSpectrumTests
{
    [Fact]
    public void SummariesOfADiagonalJacobianAreItsEntries()
    {
        // J = diag(3, 2, 1, 0.5) -> s = (3, 2, 1, 0.5).
        var j = Tensor.From(new double[] { 0, 0, 0, 0.5, 0, -2, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0 }, 4, 4);
        var s = JacobianSpectrum.Of(j);
        Assert.Equal([3, 2, 1, 0.5], s.SingularValues.Select(v => Math.Round(v, 12)));
        Assert.Equal((9 + 4 + 1 + 0.25) / 4, s.MeanSquared, 12);
        Assert.Equal(6, s.ConditionNumber, 12);
        Assert.Equal(2, s.IsometryError, 12);
        Assert.Equal(0.5, s.Quantile(0), 12);
        Assert.Equal(3, s.Quantile(1), 12);
        Assert.Equal(1.5, s.Quantile(0.5), 12);             // between order statistics 1 and 2
        Assert.Equal(3 - 0.75 * (3 - 2), s.Quantile(0.75), 12);  // position 0.75 from the top
        Assert.Equal(0, s.ZeroFraction);
    }

    [Fact]
    public void ZeroSingularValuesAreCountedAndLeftOutOfTheSpread()
    {
        var s = new JacobianSpectrum([4, 2, 1, 0]);
        Assert.Equal(0.25, s.ZeroFraction);
        Assert.Equal([4, 2, 1], s.NonZero);
        Assert.Equal(double.PositiveInfinity, s.ConditionNumber);
        // non-zero quantiles: 5% -> 1 + 0.1 (2 - 1), 95% -> 2 + 0.9 (4 - 2)
        Assert.Equal(3.8 / 1.1, s.Spread, 12);
    }

    [Fact]
    public void PoolKeepsEveryValueDescending()
    {
        var pooled = JacobianSpectrum.Pool([new JacobianSpectrum([3, 1]), new JacobianSpectrum([2, 0.5])]);
        Assert.Equal([3, 2, 1, 0.5], pooled.SingularValues);
        Assert.Throws<ArgumentOutOfRangeException>(() => pooled.Quantile(1.5));
        Assert.Throws<ArgumentException>(() => JacobianSpectrum.Of(Tensor.Zeros<double>(2, 2, 2)));
    }
}

using Tdlab.Probes.MeanField;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class MeanFieldTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(80)]
    public void GaussHermiteIntegratesGaussianMomentsExactly(int n)
    {
        var rule = GaussHermite.Standard(n);
        // E h^{2k} = (2k - 1)!!, odd moments 0, exact for degree < 2n.
        double doubleFactorial = 1;
        for (int k = 0; 2 * k < 2 * n; k++)
        {
            if (k > 0) doubleFactorial *= 2 * k - 1;
            Assert.Equal(1.0, rule.Expect(h => Math.Pow(h, 2 * k)) / doubleFactorial, 9);
            Assert.Equal(0.0, rule.Expect(h => Math.Pow(h, 2 * k + 1)) / doubleFactorial, 9);
        }
    }

    [Fact]
    public void ReluLengthMapIsExactlyHalfTheVariance()
    {
        // E relu(sqrt(q) h)^2 = q / 2 exactly; the symmetric rule gets it exactly despite the kink.
        foreach (double q in new[] { 0.3, 1, 7 })
            Assert.Equal(2.0 * q / 2 + 0.1, LengthMap.Next(MeanFieldActivation.Relu, q, 2.0, 0.1), 12);
        var m = ReluVarianceRecursion.SecondMoments(1, 0.5, 0.2, 3);
        Assert.Equal([1, 0.6, 0.4, 0.3], m.Select(v => Math.Round(v, 12)));
        Assert.Equal(1.0, ReluVarianceRecursion.Rho(512, 2.0 / 512), 14);
    }

    [Fact]
    public void TanhQuadratureAgreesWithMonteCarlo()
    {
        var rng = new Rng(11, "mc");
        const int samples = 400_000;
        var h = new double[samples];
        rng.Normal<double>(h, 0, 1);
        foreach (double q in new[] { 0.2, 1.0, 3.0 })
        {
            double s = Math.Sqrt(q);
            var phi2 = h.Select(x => Math.Pow(Math.Tanh(s * x), 2)).ToArray();
            var d2 = h.Select(x => Math.Pow(1 - Math.Pow(Math.Tanh(s * x), 2), 2)).ToArray();
            AssertWithinStandardErrors(phi2, (LengthMap.Next(MeanFieldActivation.Tanh, q, 1, 0)));
            AssertWithinStandardErrors(d2, Criticality.ChiAt(MeanFieldActivation.Tanh, q, 1));
        }
    }

    [Fact]
    public void FixedPointSolvesTheLengthMapAndChiHasItsKnownLimits()
    {
        var tanh = MeanFieldActivation.Tanh;
        foreach (var (w2, b2) in new[] { (1.5, 0.05), (4.0, 0.3), (0.8, 0.5), (1.2, 0.0) })
        {
            double q = LengthMap.FixedPoint(tanh, w2, b2);
            Assert.True(q > 0);
            Assert.Equal(q, LengthMap.Next(tanh, q, w2, b2), 10);
            var iterated = LengthMap.Iterate(tanh, 1.0, w2, b2, 2000);
            Assert.Equal(q, iterated[^1], 6);
        }

        // sigma_b = 0, sigma_w^2 <= 1: q* = 0 and chi = sigma_w^2 phi'(0)^2 = sigma_w^2; the line starts at (1, 0).
        Assert.Equal(0.0, LengthMap.FixedPoint(tanh, 0.7, 0));
        Assert.Equal(0.7, Criticality.Chi(tanh, 0.7, 0), 12);
        Assert.Equal(1.0, Criticality.CriticalWeightVariance(tanh, 0), 6);
        // Above the line chi > 1, below it chi < 1, and the critical sigma_w^2 grows with sigma_b^2.
        double c = Criticality.CriticalWeightVariance(tanh, 0.05);
        Assert.InRange(c, 1.0, 4.0);
        Assert.Equal(1.0, Criticality.Chi(tanh, c, 0.05), 8);
        Assert.True(Criticality.Chi(tanh, c * 1.2, 0.05) > 1);
        Assert.True(Criticality.Chi(tanh, c / 1.2, 0.05) < 1);
        Assert.True(Criticality.CriticalWeightVariance(tanh, 0.3) > c);
    }

    [Fact]
    public void BadArgumentsNameTheOp()
    {
        Assert.Contains("LengthMap.Next", Assert.Throws<ArgumentOutOfRangeException>(() => LengthMap.Next(MeanFieldActivation.Tanh, -1, 1, 0)).Message);
        Assert.Contains("unbounded", Assert.Throws<ArgumentException>(() => LengthMap.FixedPoint(MeanFieldActivation.Relu, 1, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHermite.Standard(0));
    }

    private static void AssertWithinStandardErrors(double[] samples, double exact)
    {
        double mean = samples.Average();
        double sd = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (samples.Length - 1));
        Assert.InRange(exact, mean - 4 * sd / Math.Sqrt(samples.Length), mean + 4 * sd / Math.Sqrt(samples.Length));
    }
}

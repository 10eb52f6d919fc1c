using Tdlab.Probes.Hessian;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.Hessian;

public class HutchinsonTraceTests
{
    /// <summary>
    /// 40 independent estimates of the trace of a net's Hessian: the exact trace lies within 3 standard errors of
    /// (nearly) every one, and the z-scores average near 0 (no bias); each stop met the rule SE &lt;= 5% |mean|.
    /// </summary>
    [Fact]
    public void Repeated_estimates_cover_the_exact_trace()
    {
        var (model, batch) = TinyNets.Classifier(seed: 21);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        double exact = DenseOperator.FromProducts(op, out _).TracePower(1);
        var rng = new Rng(22);
        var z = new List<double>();
        for (int r = 0; r < 40; r++)
        {
            var t = HutchinsonTrace.Estimate(op, rng.Child($"repeat {r}"), relativeError: 0.05, minSamples: 30, maxSamples: 2000);
            Assert.True(t.Converged, $"estimate {r} did not converge in {t.Samples} samples");
            Assert.True(t.StandardError <= 0.05 * Math.Abs(t.Trace));
            Assert.Equal(t.Samples, t.Products);
            z.Add((t.Trace - exact) / t.StandardError);
        }

        Assert.True(z.Count(v => Math.Abs(v) > 3) <= 1, $"z-scores: {string.Join(", ", z.Select(v => v.ToString("F2")))}");
        Assert.True(Math.Abs(z.Average()) < 3 / Math.Sqrt(z.Count) + 0.2, $"mean z {z.Average()}");
    }

    /// <summary>z^T D z = tr D for any sign vector: a diagonal operator's estimate is exact with zero spread.</summary>
    [Fact]
    public void Diagonal_operator_is_exact()
    {
        double[] d = [3, -1, 0.5, 2];
        var diag = new DelegateOperator(4, (x, y) =>
        {
            for (int i = 0; i < 4; i++) y[i] = d[i] * x[i];
        });
        var t = HutchinsonTrace.Estimate(diag, new Rng(23), relativeError: 0.01, minSamples: 5);
        Assert.Equal(4.5, t.Trace, 12);
        Assert.Equal(0, t.StandardError, 12);
        Assert.Equal(5, t.Samples);
    }

    [Fact]
    public void Stops_at_the_cap_when_the_rule_is_not_met()
    {
        var (model, batch) = TinyNets.Classifier(seed: 24);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var t = HutchinsonTrace.Estimate(op, new Rng(25), relativeError: 1e-6, minSamples: 5, maxSamples: 12);
        Assert.False(t.Converged);
        Assert.Equal(12, t.Samples);
        Assert.Throws<ArgumentOutOfRangeException>(() => HutchinsonTrace.Estimate(op, new Rng(1), minSamples: 1));
    }
}

using Tdlab.Probes.Hessian;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.Hessian;

public class SpectralDensityTests
{
    /// <summary>
    /// For a diagonal operator every Rademacher start has q_i^2 = 1/n, so each quadrature's moments are exactly
    /// tr(D^k) / n for k &lt; 2m (Gauss quadrature with m nodes).
    /// </summary>
    [Fact]
    public void Diagonal_operator_moments_are_exact_below_degree_2m()
    {
        const int n = 60, m = 5;
        var d = Enumerable.Range(0, n).Select(i => Math.Sin(i) + 0.05 * i).ToArray();
        var op = new DelegateOperator(n, (x, y) =>
        {
            for (int i = 0; i < n; i++) y[i] = d[i] * x[i];
        });
        var density = SpectralDensity.Estimate(op, new Rng(31), vectors: 3, steps: m);
        Assert.Equal(3 * m, density.Products);
        for (int k = 0; k < 2 * m; k++)
        {
            double exact = d.Sum(l => Math.Pow(l, k)) / n;
            foreach (var moment in density.PerStartMoments(k))
                Assert.True(Math.Abs(moment - exact) <= 1e-10 * Math.Max(1, Math.Abs(exact)), $"k = {k}: {moment} vs {exact}");
        }
    }

    /// <summary>The density of a net's Hessian: its moments k = 1..4 lie within 3 standard errors of tr(H^k) / p.</summary>
    [Fact]
    public void Hessian_density_moments_match_traces_of_powers()
    {
        var (model, batch) = TinyNets.Classifier(seed: 32);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var dense = DenseOperator.FromProducts(op, out _);
        var density = SpectralDensity.Estimate(op, new Rng(33), vectors: 30, steps: 20);
        for (int k = 1; k <= 4; k++)
        {
            double exact = dense.TracePower(k) / op.Dimension;
            double se = density.MomentStandardError(k);
            Assert.True(Math.Abs(density.Moment(k) - exact) <= 3 * se, $"k = {k}: {density.Moment(k)} vs {exact} (se {se})");
        }

        Assert.Equal(1, density.Moment(0), 12);
    }

    /// <summary>The Gaussian-smoothed density integrates to 1 with mean Moment(1) and second moment Moment(2) + sigma^2.</summary>
    [Fact]
    public void Smoothed_density_keeps_the_first_moments()
    {
        var (model, batch) = TinyNets.Classifier(seed: 34);
        var density = SpectralDensity.Estimate(new HessianOperator<double>(model, batch, BatchNormMode.Train), new Rng(35), vectors: 4, steps: 15);
        double lo = density.Nodes.SelectMany(v => v).Min() - 1, hi = density.Nodes.SelectMany(v => v).Max() + 1;
        const int points = 20001;
        const double sigma = 0.02;
        double h = (hi - lo) / (points - 1);
        var grid = Enumerable.Range(0, points).Select(i => lo + i * h).ToArray();
        var phi = density.Density(grid, sigma);
        double m0 = 0, m1 = 0, m2 = 0;
        for (int i = 0; i < points; i++)
        {
            m0 += phi[i] * h;
            m1 += phi[i] * grid[i] * h;
            m2 += phi[i] * grid[i] * grid[i] * h;
        }

        Assert.Equal(1, m0, 6);
        Assert.Equal(density.Moment(1), m1, 6);
        Assert.Equal(density.Moment(2) + sigma * sigma, m2, 6);
    }
}

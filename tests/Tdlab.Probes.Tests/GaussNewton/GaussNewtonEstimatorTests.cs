using Tdlab.Probes.GaussNewton;
using Tdlab.Probes.Hessian;
using Tdlab.Probes.Tests.Hessian;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.GaussNewton;

/// <summary>
/// The Hessian's estimators (top-k Lanczos, Hutchinson trace, SLQ density) applied to the Gauss-Newton / Fisher
/// operator of the 235-parameter tanh classifier of <see cref="TinyNets"/> (24 examples, 3 outputs: G has rank at
/// most 72 for mean square, 48 for cross-entropy), checked against the dense G from explicit Jacobians.
/// </summary>
public class GaussNewtonEstimatorTests
{
    private static (GaussNewtonProduct<double> G, DenseOperator Dense) Problem(ulong seed, OutputLoss loss)
    {
        var (model, batch) = TinyNets.Classifier(seed);
        var g = GaussNewtonProduct<double>.Of(model, batch.Input, loss);
        var theta = model.Parameters().ToList();
        return (g, new DenseOperator(DenseGaussNewton.Build(() => model.Forward(batch.Input), theta, loss), g.Dimension));
    }

    [Theory]
    [InlineData(OutputLoss.MeanSquare)]
    [InlineData(OutputLoss.SoftmaxCrossEntropy)]
    public void Top_five_match_the_dense_gauss_newton_matrix(OutputLoss loss)
    {
        var (g, dense) = Problem(41, loss);
        var exact = dense.Eigenvalues();
        long before = g.Products;
        var top = TopEigenpairs.Estimate(g, 5, new Rng(42), maxIterations: g.Dimension, tolerance: 1e-12);
        Assert.Equal(top.Products, g.Products - before);
        for (int j = 0; j < 5; j++)
        {
            double expected = exact[^(j + 1)];
            Assert.True(Math.Abs(top.Values[j] - expected) <= 1e-8 * Math.Abs(expected), $"{loss} eigenvalue {j}: {top.Values[j]:R} vs {expected:R}");
            Assert.True(top.Residuals[j] <= 1e-8 * top.Values[0], $"residual {j}: {top.Residuals[j]}");
        }
    }

    /// <summary>20 independent Hutchinson estimates of tr G: the exact trace lies within 3 SE of (nearly) every one.</summary>
    [Fact]
    public void Repeated_trace_estimates_cover_the_exact_trace()
    {
        var (g, dense) = Problem(43, OutputLoss.SoftmaxCrossEntropy);
        double exact = dense.TracePower(1);
        var rng = new Rng(44);
        var z = new List<double>();
        for (int r = 0; r < 20; r++)
        {
            var t = HutchinsonTrace.Estimate(g, rng.Child($"repeat {r}"), relativeError: 0.05, minSamples: 30, maxSamples: 2000);
            Assert.True(t.Converged, $"estimate {r} did not converge in {t.Samples} samples");
            z.Add((t.Trace - exact) / t.StandardError);
        }

        Assert.True(z.Count(v => Math.Abs(v) > 3) <= 1, $"z-scores: {string.Join(", ", z.Select(v => v.ToString("F2")))}");
        Assert.True(Math.Abs(z.Average()) < 3 / Math.Sqrt(z.Count) + 0.2, $"mean z {z.Average()}");
    }

    /// <summary>The SLQ density of G: moments k = 1..4 within 3 standard errors of tr(G^k) / p; the zero moment is 1.</summary>
    [Theory]
    [InlineData(OutputLoss.MeanSquare)]
    [InlineData(OutputLoss.SoftmaxCrossEntropy)]
    public void Density_moments_match_traces_of_powers(OutputLoss loss)
    {
        var (g, dense) = Problem(45, loss);
        var density = SpectralDensity.Estimate(g, new Rng(46), vectors: 30, steps: 20);
        for (int k = 1; k <= 4; k++)
        {
            double exact = dense.TracePower(k) / g.Dimension;
            double se = density.MomentStandardError(k);
            Assert.True(Math.Abs(density.Moment(k) - exact) <= 3 * se, $"{loss} k = {k}: {density.Moment(k)} vs {exact} (se {se})");
        }

        Assert.Equal(1, density.Moment(0), 12);
        Assert.True(density.Nodes.SelectMany(v => v).Min() > -1e-10, "G is positive semi-definite");
    }

    /// <summary>Per layer and per tensor: the block operators' top eigenvalue equals the dense sub-matrix's, and agrees with <see cref="BlockOperator"/> padding the full G.</summary>
    [Fact]
    public void Layer_and_tensor_blocks_match_the_dense_sub_matrix()
    {
        var (g, dense) = Problem(47, OutputLoss.SoftmaxCrossEntropy);
        Assert.Equal(["0", "2", "4"], g.Layers.Select(l => l.Name));
        Assert.Equal("2.bias", g.Parameters[3].Name);
        foreach (var block in new[] { g.Layers[1], g.Parameters[3] })
        {
            int n = block.Length;
            var sub = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) sub[i * n + j] = dense.Matrix[(block.Offset + i) * g.Dimension + block.Offset + j];
            double expected = SymmetricEigen.Values(sub, n)[^1];
            var own = TopEigenpairs.Estimate(g.Block(block), 1, new Rng(48), maxIterations: n, tolerance: 1e-12);
            var padded = TopEigenpairs.Estimate(new BlockOperator(g, block), 1, new Rng(48), maxIterations: n, tolerance: 1e-12);
            Assert.True(Math.Abs(own.Top - expected) <= 1e-8 * expected, $"{block.Name}: {own.Top:R} vs {expected:R}");
            Assert.True(Math.Abs(padded.Top - expected) <= 1e-8 * expected, $"{block.Name} padded: {padded.Top:R} vs {expected:R}");
        }

        var t3 = TopEigenpairs.Estimate(g.Block(3), 1, new Rng(49), maxIterations: g.BlockSize(3), tolerance: 1e-12);
        var p3 = TopEigenpairs.Estimate(g.Block(g.Parameters[3]), 1, new Rng(49), maxIterations: g.BlockSize(3), tolerance: 1e-12);
        Assert.Equal(p3.Top, t3.Top, 1e-10 * p3.Top);
        Assert.Throws<ArgumentException>(() => g.Block(new ParameterBlock("half", 1, 3)));
    }
}

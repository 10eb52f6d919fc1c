using Tdlab.Probes.Hessian;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.Hessian;

public class TopEigenpairsTests
{
    /// <summary>The top 5 Hessian eigenvalues of a 235-parameter net by Lanczos on HVPs vs the dense Hessian's, to 1e-8 relative.</summary>
    [Fact]
    public void Top_five_match_the_dense_hessian()
    {
        var (model, batch) = TinyNets.Classifier(seed: 11);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var exact = DenseOperator.FromProducts(op, out _).Eigenvalues();
        long before = op.Products;
        var top = TopEigenpairs.Estimate(op, 5, new Rng(12), maxIterations: op.Dimension, tolerance: 1e-12);
        Assert.Equal(top.Products, op.Products - before);
        Assert.Equal(top.Iterations + 5, top.Products);
        Assert.True(top.Iterations < op.Dimension, $"{top.Iterations} steps: the tolerance should stop it early");
        for (int j = 0; j < 5; j++)
        {
            double expected = exact[^(j + 1)];
            Assert.True(Math.Abs(top.Values[j] - expected) <= 1e-8 * Math.Abs(expected), $"eigenvalue {j}: {top.Values[j]:R} vs {expected:R}");
            Assert.True(top.Residuals[j] <= 1e-8 * top.Values[0], $"residual {j}: {top.Residuals[j]}");
        }
    }

    /// <summary>The residual ||A x - theta x|| is the true one: a deliberately short run reports a large residual that bounds its error.</summary>
    [Fact]
    public void Residuals_bound_the_error_of_a_short_run()
    {
        var (model, batch) = TinyNets.Classifier(seed: 13);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var exact = DenseOperator.FromProducts(op, out _).Eigenvalues();
        var rough = TopEigenpairs.Estimate(op, 1, new Rng(14), maxIterations: 3, tolerance: 0);
        Assert.Equal(3, rough.Iterations);
        double distance = exact.Min(l => Math.Abs(l - rough.Values[0]));
        Assert.True(rough.Residuals[0] > 1e-6, $"residual {rough.Residuals[0]}");
        Assert.True(distance <= rough.Residuals[0] * (1 + 1e-12), $"distance {distance} > residual {rough.Residuals[0]}");
    }

    /// <summary>Tracking along gradient descent: a start from the previous step's top vector converges in fewer products.</summary>
    [Fact]
    public void Warm_start_after_a_gradient_step_uses_fewer_products()
    {
        var (model, batch) = TinyNets.Classifier(seed: 15);
        var before = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var first = TopEigenpairs.Estimate(before, 1, new Rng(16), maxIterations: 200, tolerance: 1e-8);
        TinyNets.Shift(model, before.Gradient, -0.05);
        var after = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var cold = TopEigenpairs.Estimate(after, 1, new Rng(17), maxIterations: 200, tolerance: 1e-8);
        var warm = TopEigenpairs.Estimate(after, 1, new Rng(17), maxIterations: 200, tolerance: 1e-8, warmStart: first.WarmStart());
        Assert.Equal(cold.Top, warm.Top, 1e-6 * cold.Top);
        Assert.True(warm.Products < cold.Products, $"warm {warm.Products} vs cold {cold.Products} products");
    }

    /// <summary>Per layer: the top eigenvalue of a layer's diagonal block equals the dense sub-matrix's.</summary>
    [Fact]
    public void Layer_block_matches_the_dense_sub_matrix()
    {
        var (model, batch) = TinyNets.Classifier(seed: 18);
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var dense = DenseOperator.FromProducts(op, out _);
        var layer = op.Layers[1];
        var sub = new double[layer.Length * layer.Length];
        for (int i = 0; i < layer.Length; i++)
            for (int j = 0; j < layer.Length; j++)
                sub[i * layer.Length + j] = dense.Matrix[(layer.Offset + i) * op.Dimension + layer.Offset + j];
        double expected = SymmetricEigen.Values(sub, layer.Length)[^1];
        var block = TopEigenpairs.Estimate(new BlockOperator(op, layer), 1, new Rng(19), maxIterations: layer.Length, tolerance: 1e-12);
        Assert.True(Math.Abs(block.Top - expected) <= 1e-8 * Math.Abs(expected), $"{block.Top:R} vs {expected:R}");
    }
}

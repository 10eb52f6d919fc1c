using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests.Hessian;

public class HessianOperatorTests
{
    /// <summary>H v against the central difference of the gradient (g(w + e v) - g(w - e v)) / 2e, in float64.</summary>
    [Fact]
    public void Products_match_finite_differences_of_the_gradient()
    {
        var (model, batch) = TinyNets.Classifier();
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        Assert.Equal(235, op.Dimension);
        var v = TinyNets.RandomVector(op.Dimension, 3);
        var hv = new double[op.Dimension];
        op.Apply(v, hv);
        AssertMatchesDifference(model, batch, v, hv);
        Assert.Equal(1, op.Products);
        var g = TinyNets.Gradient(model, batch);
        for (int i = 0; i < g.Length; i++) Assert.Equal(g[i], op.Gradient[i], 1e-14);
    }

    /// <summary>The dense Hessian built column by column is symmetric to rounding (double backward is exact).</summary>
    [Fact]
    public void Dense_hessian_from_products_is_symmetric()
    {
        var (model, batch) = TinyNets.Classifier(seed: 2);
        var dense = DenseOperator.FromProducts(new HessianOperator<double>(model, batch, BatchNormMode.Train), out double asymmetry);
        Assert.True(asymmetry < 1e-12, $"asymmetry {asymmetry}");
        Assert.Equal(235 * 235, dense.Matrix.Length);
    }

    /// <summary>A mean loss over 24 rows is the average of the mean losses over two halves, so H = (H_1 + H_2) / 2.</summary>
    [Fact]
    public void Weighted_batches_sum_their_hessians()
    {
        var model = TinyNets.Model(4);
        var (x, labels) = TinyNets.Data(4, 24);
        var full = new HessianOperator<double>(model, TinyNets.Batch(x, labels), BatchNormMode.Train);
        var halves = new HessianOperator<double>(model,
            [TinyNets.Batch(x, labels, 0, 12, 0.5), TinyNets.Batch(x, labels, 12, 12, 0.5)], BatchNormMode.Train);
        var v = TinyNets.RandomVector(full.Dimension, 5);
        var a = new double[full.Dimension];
        var b = new double[full.Dimension];
        full.Apply(v, a);
        halves.Apply(v, b);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-12, $"{i}: {a[i]} vs {b[i]}");
        Assert.Equal(full.Loss, halves.Loss, 12);
    }

    [Fact]
    public void Blocks_follow_parameter_and_layer_order()
    {
        var (model, batch) = TinyNets.Classifier();
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], op.Parameters.Select(b => b.Name));
        Assert.Equal([("0", 0, 72), ("2", 72, 130), ("4", 202, 33)], op.Layers.Select(b => (b.Name, b.Offset, b.Length)));
    }

    /// <summary>
    /// Batch norm: train mode differentiates the batch-statistics function, eval mode the running-statistics one (each
    /// checked by finite differences under its own mode); the two differ; the probe leaves parameters, running
    /// statistics and the training flag as they were.
    /// </summary>
    [Fact]
    public void Batch_norm_mode_is_explicit_and_the_probe_is_pure()
    {
        var rng = new Rng(6, "init");
        var model = new Sequential<double>(new Linear<double>(4, 6, rng), new BatchNorm1d<double>(6), Activations.Create<double>(Activation.Tanh),
            new Linear<double>(6, 2, rng));
        var data = new Rng(6, "data");
        var x = Tensor.Normal<double>(data, new Shape(16, 4));
        var y = Tensor.Normal<double>(data, new Shape(16, 2));
        var batch = new CurvatureBatch<double>(x, o => Loss.Mse(o, y));
        model.Forward(x);                                                            // move the running statistics off (0, 1)
        model.Eval();
        var parameters = model.Parameters().SelectMany(p => p.ToArray()).ToArray();
        var buffers = model.NamedBuffers().SelectMany(b => b.Value.ToArray()).ToArray();

        var train = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var eval = new HessianOperator<double>(model, batch, BatchNormMode.Eval);
        Assert.False(model.Training);
        Assert.Equal(parameters, model.Parameters().SelectMany(p => p.ToArray()));
        Assert.Equal(buffers, model.NamedBuffers().SelectMany(b => b.Value.ToArray()));

        var v = TinyNets.RandomVector(train.Dimension, 7);
        var ht = new double[train.Dimension];
        var he = new double[train.Dimension];
        train.Apply(v, ht);
        eval.Apply(v, he);
        Assert.True(ht.Zip(he, (a, b) => Math.Abs(a - b)).Max() > 1e-3, "train and eval mode must give different Hessians here");
        AssertMatchesDifference(model, batch, v, he);
        model.Train();
        AssertMatchesDifference(model, batch, v, ht);
    }

    /// <summary>A float32 model's products agree with the float64 model's on the same weights, to float32 precision.</summary>
    [Fact]
    public void Float32_products_match_float64()
    {
        var (model, batch) = TinyNets.Classifier(seed: 8);
        var single = Mlp.Build<float>(5, [12, 10], 3, new Rng(8, "init"), Activation.Tanh);
        foreach (var (p32, p64) in single.Parameters().Zip(model.Parameters()))
            for (int i = 0; i < p32.Length; i++) p32.Span[i] = (float)p64.Span[i];
        var (x, labels) = TinyNets.Data(8, 24);
        var input = Tensor.From(x.Select(v => (float)v).ToArray(), 24, 5);
        var op32 = new HessianOperator<float>(single, new CurvatureBatch<float>(input, o => Loss.CrossEntropy(o, labels)), BatchNormMode.Train);
        var op64 = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        var v = TinyNets.RandomVector(op64.Dimension, 9);
        var a = new double[v.Length];
        var b = new double[v.Length];
        op32.Apply(v, a);
        op64.Apply(v, b);
        double scale = b.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 * scale, $"{i}: float32 {a[i]}, float64 {b[i]}");
    }

    [Fact]
    public void Rejects_a_non_scalar_loss_and_wrong_lengths()
    {
        var (model, batch) = TinyNets.Classifier();
        Assert.Throws<ArgumentException>(() => new HessianOperator<double>(model, batch with { Loss = o => o }, BatchNormMode.Train));
        var op = new HessianOperator<double>(model, batch, BatchNormMode.Train);
        Assert.Throws<ArgumentException>(() => op.Apply(new double[3], new double[op.Dimension]));
    }

    private static void AssertMatchesDifference(Module<double> model, CurvatureBatch<double> batch, double[] v, double[] hv)
    {
        const double eps = 1e-5;
        TinyNets.Shift(model, v, eps);
        var plus = TinyNets.Gradient(model, batch);
        TinyNets.Shift(model, v, -2 * eps);
        var minus = TinyNets.Gradient(model, batch);
        TinyNets.Shift(model, v, eps);
        double scale = Math.Max(1, hv.Max(Math.Abs));
        for (int i = 0; i < hv.Length; i++)
        {
            double fd = (plus[i] - minus[i]) / (2 * eps);
            Assert.True(Math.Abs(fd - hv[i]) <= 1e-6 * scale, $"component {i}: HVP {hv[i]:R}, finite difference {fd:R}");
        }
    }
}

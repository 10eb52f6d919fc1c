using System.Numerics;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Seeded end-to-end training: an 8-32-32-4 ReLU MLP with SGD + momentum on a Gaussian mixture
/// (4 classes, centres ~ N(0, 0.8^2 I), overlapping, unit noise, 512 points) reaches the pinned full-data loss after
/// 150 minibatch steps. The pins are the values this engine produced when the test was written; the
/// tolerance absorbs reordered floating-point sums (e.g. a different GEMM blocking) but not a wrong gradient.
/// </summary>
public class EndToEndTests
{
    private const int Dim = 8, Classes = 4, Points = 512, Batch = 64, Steps = 150;

    private static (double[] X, int[] Y) Mixture(ulong seed)
    {
        var rng = new Rng(seed, "mixture");
        var centres = new double[Classes * Dim];
        rng.Normal<double>(centres, 0.0, 0.8);
        var x = new double[Points * Dim];
        var y = new int[Points];
        var noise = new double[Dim];
        for (int i = 0; i < Points; i++)
        {
            y[i] = rng.NextInt(Classes);
            rng.Normal<double>(noise, 0.0, 1.0);
            for (int j = 0; j < Dim; j++) x[i * Dim + j] = centres[y[i] * Dim + j] + noise[j];
        }

        return (x, y);
    }

    internal static (double Initial, double Final, double Accuracy) Train<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xs, ys) = Mixture(2024);
        var x = Tensor.FromDouble<T>(xs, Points, Dim);
        var net = Mlp.Build<T>(Dim, [32, 32], Classes, new Rng(7, "init"), Activation.Relu, init: LayerInit.WithZeroBias(Init.KaimingNormal()));
        var opt = new Sgd<T>(net.Parameters(), 0.05, momentum: 0.9);
        var order = new Rng(7, "batches");
        double initial = FullLoss(net, x, ys);
        int[] perm = order.Permutation(Points);
        for (int t = 0, pos = 0; t < Steps; t++, pos += Batch)
        {
            if (pos + Batch > Points) { perm = order.Permutation(Points); pos = 0; }
            var idx = perm.AsSpan(pos, Batch);
            var labels = new int[Batch];
            for (int i = 0; i < Batch; i++) labels[i] = ys[idx[i]];
            using (TensorScope.Begin())
            {
                var loss = Loss.CrossEntropy(net.Forward(x.IndexRows(idx)), labels);
                opt.ZeroGrad();
                loss.Backward();
                opt.Step();
            }
        }

        double accuracy;
        using (TensorScope.Begin()) accuracy = Loss.Accuracy(net.Forward(x), ys);
        return (initial, FullLoss(net, x, ys), accuracy);
    }

    private static double FullLoss<T>(Module<T> net, Tensor<T> x, int[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using (TensorScope.Begin())
            return Loss.CrossEntropy(net.Forward(x), y).ItemDouble();
    }

    [Fact]
    public void Float64_mlp_reaches_the_pinned_loss() =>
        AssertReachesPin<double>(initialPin: 1.858726257738429, finalPin: 0.12865596562450815, initialTol: 1e-9, finalRelTol: 1e-6);

    [Fact]
    public void Float32_mlp_reaches_the_pinned_loss() =>
        AssertReachesPin<float>(initialPin: 1.8587262630462646, finalPin: 0.1286560744047165, initialTol: 1e-5, finalRelTol: 2e-3);

    private static void AssertReachesPin<T>(double initialPin, double finalPin, double initialTol, double finalRelTol)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (initial, final, accuracy) = Train<T>();
        Assert.True(Math.Abs(initial - initialPin) <= initialTol, $"initial loss {initial:R}, pinned {initialPin:R}");
        Assert.True(final < initial / 10, $"loss {initial} -> {final}");
        Assert.True(Math.Abs(final - finalPin) <= finalRelTol * finalPin, $"final loss {final:R}, pinned {finalPin:R}");
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }
}

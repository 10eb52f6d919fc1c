using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Guide;

/// <summary>The guide's sections "Define a model" and "Train it".</summary>
public static class Training
{
    /// <summary>Two-class data: 256 points in 8 dimensions, labelled by the sign of x_0 + x_1.</summary>
    public static (Tensor<double> X, int[] Labels) Data()
    {
        var rng = new Rng(1, "data");
        var xs = new double[256 * 8];
        rng.Normal<double>(xs, 0.0, 1.0);
        int[] labels = Enumerable.Range(0, 256).Select(i => xs[i * 8] + xs[i * 8 + 1] > 0 ? 1 : 0).ToArray();
        return (Tensor.FromDouble<double>(xs, 256, 8), labels);
    }

    public static Sequential<double> Model()
    {
        // 8 -> 32 -> 32 -> 2, tanh, Kaiming-normal weights and zero biases; children "0", "1", ... as in PyTorch
        var rng = new Rng(7, "init");
        return Mlp.Build<double>(8, [32, 32], 2, rng, Activation.Tanh, init: LayerInit.WithZeroBias(Init.KaimingNormal()));
    }

    /// <summary>Full-batch Adam for 100 steps; returns the loss before and after.</summary>
    public static (double Before, double After) Run()
    {
        var (x, labels) = Data();
        Sequential<double> net = Model();
        var opt = new Adam<double>(net.Parameters(), lr: 0.01);
        double before = double.NaN, after = double.NaN;
        for (int step = 0; step <= 100; step++)
        {
            using (TensorScope.Begin())   // intermediate tensors return to the pool at the end of the step
            {
                Tensor<double> loss = Loss.CrossEntropy(net.Forward(x), labels);
                if (step == 0) before = loss.ItemDouble();
                if (step == 100) after = loss.ItemDouble();
                opt.ZeroGrad();
                loss.Backward();
                opt.Step();
            }
        }

        return (before, after);
    }
}

// The library quick-start of README.md and docs/package-readme.md (a test checks that they show this code).
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

// Data: 256 points in 8 dimensions, labelled by the sign of their first coordinate.
var rng = new Rng(1, "data");
var xs = new double[256 * 8];
rng.Normal<double>(xs, 0.0, 1.0);
int[] labels = Enumerable.Range(0, 256).Select(i => xs[i * 8] > 0 ? 1 : 0).ToArray();
var x = Tensor.FromDouble<double>(xs, 256, 8);

// An 8-32-32-2 ReLU MLP trained by full-batch SGD with momentum.
var net = Mlp.Build<double>(8, [32, 32], 2, new Rng(7, "init"), Activation.Relu);
var opt = new Sgd<double>(net.Parameters(), 0.05, momentum: 0.9);
for (int step = 0; step <= 200; step++)
{
    using (TensorScope.Begin())
    {
        var loss = Loss.CrossEntropy(net.Forward(x), labels);
        if (step % 50 == 0)
            Console.WriteLine($"step {step}: loss {loss.ItemDouble():F4}");
        opt.ZeroGrad();
        loss.Backward();
        opt.Step();
    }
}

// A probe: singular values of the input-output Jacobian at four inputs.
JacobianSpectrum spectrum = JacobianSpectrum.OfMlp(net, x.IndexRows([0, 1, 2, 3]));
Console.WriteLine($"Jacobian singular values: max {spectrum.Max:F3}, min {spectrum.Min:F3}, mean square {spectrum.MeanSquared:F3}");

using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>dL/dh_t from <see cref="RecurrentSequence{T}.Gradients"/>: finite differences and exact answers.</summary>
public class HiddenGradientTests
{
    public static TheoryData<string> Cells => CellFactory.All();

    [Theory]
    [MemberData(nameof(Cells))]
    public void HiddenGradientsMatchPerturbationOfEachState(string kind)
    {
        // L = sum_t <C_t, h_t> + 1/2 ||h_T||^2; perturbing h_t by e v changes L by e <dL/dh_t, v> (total derivative)
        const int steps = 5, batch = 3, input = 4, hidden = 5;
        const double eps = 1e-6;
        var rnn = new Recurrent<double>(CellFactory.Make<double>(kind, input, hidden));
        var rng = new Rng(3, kind);
        var x = Tensor.Normal<double>(rng, new Shape(steps, batch, input));
        var c = Tensor.Normal<double>(rng, new Shape(steps, batch, hidden));
        Func<RecurrentSequence<double>, Tensor<double>> loss = s => (s.Stacked() * c).Sum() + s.Last.Square().Sum() * 0.5;

        var seq = rnn.Run(x);
        var grads = seq.Gradients(loss(seq));
        var norms = seq.GradientNorms(loss(seq));
        for (int t = 0; t < steps; t++)
        {
            var v = Tensor.Normal<double>(rng, new Shape(batch, hidden));
            double plus, minus;
            using (Autograd.NoGrad())
            {
                plus = loss(rnn.Run(x, null, Offsets(steps, t, v * eps))).ItemDouble();
                minus = loss(rnn.Run(x, null, Offsets(steps, t, v * -eps))).ItemDouble();
            }

            double numeric = (plus - minus) / (2 * eps), analytic = grads[t].Dot(v).ItemDouble();
            Assert.True(Math.Abs(numeric - analytic) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                $"{kind} t={t + 1}: <dL/dh_t, v> = {analytic:R}, finite difference {numeric:R}");
            Assert.Equal(grads[t].Norm().ItemDouble(), norms[t], 1e-12);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.9)]
    [InlineData(1.1)]
    public void LinearRnnWithScaledOrthogonalWeightsScalesGradientNormExactly(double a)
    {
        // h_t = W h_{t-1} + U x_t + b with W = a Q: dL/dh_t = (W^T)^(T-t) dL/dh_T, so ||dL/dh_t|| = a^(T-t) ||C||
        const int steps = 12, batch = 2, input = 3, hidden = 6;
        var cell = new RnnCell<double>(input, hidden, new Rng(4, "orth"), RecurrentInit.Orthogonal(a, 1.0, 0.5), RnnActivation.Identity);
        var rng = new Rng(9, "linear");
        var x = Tensor.Normal<double>(rng, new Shape(steps, batch, input));
        var c = Tensor.Normal<double>(rng, new Shape(batch, hidden));
        var seq = new Recurrent<double>(cell).Run(x);
        var norms = seq.GradientNorms((seq.Last * c).Sum());
        double cNorm = c.Norm().ItemDouble();
        for (int t = 1; t <= steps; t++)
        {
            double expected = Math.Pow(a, steps - t) * cNorm;
            Assert.True(Math.Abs(norms[t - 1] - expected) <= 1e-12 * expected,
                $"a={a} t={t}: ||dL/dh_t|| = {norms[t - 1]:R}, expected a^(T-t) ||C|| = {expected:R}");
        }
    }

    private static Tensor<double>?[] Offsets(int steps, int t, Tensor<double> v)
    {
        var offsets = new Tensor<double>?[steps];
        offsets[t] = v;
        return offsets;
    }
}

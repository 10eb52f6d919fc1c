using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>The initialisation conventions of <see cref="RecurrentInit"/>, block by block.</summary>
public class RecurrentInitTests
{
    [Fact]
    public void OrthogonalBlocksSatisfyWWTransposeEqualsGainSquaredIdentity()
    {
        const int h = 16;
        const double gain = 1.7;
        var gru = new GruCell<double>(3, h, new Rng(1, "gru"), RecurrentInit.Orthogonal(gain));
        for (int g = 0; g < 3; g++)
        {
            var w = gru.WeightHh.SliceRows(g * h, h);
            var wwt = w.MatMul(w, transB: true);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < h; j++)
                    Assert.Equal(i == j ? gain * gain : 0.0, wwt[i, j], 1e-12);
        }

        // distinct blocks are independent draws
        Assert.NotEqual(gru.WeightHh[0], gru.WeightHh[h * h]);
    }

    [Fact]
    public void GaussianScalesFollowFanIn()
    {
        const int input = 64, h = 128;
        var init = RecurrentInit.Gaussian(sigmaW: 2.0, sigmaU: 0.5, sigmaB: 0.3);
        var lstm = new LstmCell<double>(input, h, new Rng(2, "lstm"), init, forgetBias: 1.0);
        AssertStd(lstm.WeightHh, 2.0 / Math.Sqrt(h), "weight_hh");
        AssertStd(lstm.WeightIh, 0.5 / Math.Sqrt(input), "weight_ih");
        Assert.All(lstm.BiasHh.ToArray(), b => Assert.Equal(0.0, b));

        // bias_ih ~ N(0, 0.3^2), with the forget-gate bias 1 added to its f block only
        var b = lstm.BiasIh;
        double meanF = b.Narrow(0, h, h).Mean().ItemDouble(), meanI = b.Narrow(0, 0, h).Mean().ItemDouble();
        Assert.InRange(meanF, 1 - 4 * 0.3 / Math.Sqrt(h), 1 + 4 * 0.3 / Math.Sqrt(h));
        Assert.InRange(meanI, -4 * 0.3 / Math.Sqrt(h), 4 * 0.3 / Math.Sqrt(h));
    }

    [Fact]
    public void PyTorchDefaultIsUniformWithinOneOverSqrtH()
    {
        const int h = 25;
        var cell = new MinimalRnnCell<float>(7, h, new Rng(3, "min"));
        foreach (var (name, p) in cell.NamedParameters())
            Assert.All(p.ToArray(), v => Assert.InRange(v, -0.2f, 0.2f));
        Assert.True(cell.WeightHh.ToArray().Max() > 0.15f);
    }

    // sample std within 4 standard errors (se of a std estimate ~ std / sqrt(2n))
    private static void AssertStd(Tensor<double> w, double std, string name)
    {
        var v = w.ToDoubleArray();
        double sample = Math.Sqrt(v.Select(a => a * a).Average());
        double se = std / Math.Sqrt(2.0 * v.Length);
        Assert.True(Math.Abs(sample - std) <= 4 * se, $"{name}: sample std {sample:R}, expected {std:R}");
    }
}

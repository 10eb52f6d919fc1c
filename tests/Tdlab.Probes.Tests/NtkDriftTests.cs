using Tdlab.Nn;
using Tdlab.Nn.Projected;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Tests;

public class NtkDriftTests
{
    [Fact]
    public void LinearModelKernelNeverMovesAndItsMinimumEigenvalueIsExact()
    {
        // f(x) = w . x: Theta = X X^T = [[1, 1], [1, 2]] for X = [[1, 0], [1, 1]] whatever w is; lambda_min = (3 - sqrt 5) / 2.
        var x = Tensor.From(new double[] { 1, 0, 1, 1 }, 2, 2);
        var drift = new NtkDrift(new Sequential<double>(new Linear<double>(2, 1, new Rng(1, "a"), bias: false)), x);
        var (change, min, max) = drift.Measure(new Sequential<double>(new Linear<double>(2, 1, new Rng(2, "b"), bias: false)));
        Assert.Equal(0, change, 15);
        Assert.Equal((3 - Math.Sqrt(5)) / 2, min, 14);
        Assert.Equal((3 + Math.Sqrt(5)) / 2, max, 14);
    }

    [Fact]
    public void ProjectedNetKernelAndItsChangeMatchTheHandFormula()
    {
        // f(x) = v relu(u w.x + b), d = 2, m = 1, every hidden unit active on the batch, so
        // grad f = (v u x, v t, v, u t + b) with t = w.x. w = (1, 0), u = 1, b = 0.5; x1 = (1, 0), x2 = (2, 1): t = 1, 2.
        var x = Tensor.From(new double[] { 1, 0, 2, 1 }, 2, 2);
        static ProjectedReluNet Net(double v)
        {
            var p = new ProjectedReluWeights(2, 1);
            p.W[0] = 1;
            p.U[0] = 1;
            p.B[0] = 0.5;
            p.V[0] = v;
            return new ProjectedReluNet(p);
        }

        static double[] Kernel(double v)
        {
            double[][] g = [[v, 0, v * 1, v, 1.5], [v * 2, v * 1, v * 2, v, 2.5]];
            return [.. from a in g from b in g select a.Zip(b, (p, q) => p * q).Sum()];
        }

        var drift = new NtkDrift(Net(2), x);
        var k0 = Kernel(2);
        for (int i = 0; i < 4; i++) Assert.Equal(k0[i], drift.Initial.Values[i], 12);
        var (change, min, max) = drift.Measure(Net(3));
        var k1 = Kernel(3);
        double expected = Math.Sqrt(k1.Zip(k0, (p, q) => (p - q) * (p - q)).Sum() / k0.Sum(p => p * p));
        Assert.Equal(expected, change, 12);
        // 2x2 symmetric: lambda_min = (tr - sqrt(tr^2 - 4 det)) / 2
        double tr = k1[0] + k1[3], det = k1[0] * k1[3] - k1[1] * k1[2];
        Assert.Equal((tr - Math.Sqrt(tr * tr - 4 * det)) / 2, min, 9);
        Assert.Equal((tr + Math.Sqrt(tr * tr - 4 * det)) / 2, max, 9);
    }
}

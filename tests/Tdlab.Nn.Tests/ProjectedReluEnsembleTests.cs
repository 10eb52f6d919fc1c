using Tdlab.Nn.Projected;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

public class ProjectedReluEnsembleTests
{
    private static (double[] X, double[] Y) Batch(int n, int d, ulong seed)
    {
        var rng = new Rng(seed, "batch");
        var x = new double[n * d];
        var y = new double[n];
        rng.Normal<double>(x, 0, 1);
        rng.Normal<double>(y, 0, 1);
        return (x, y);
    }

    /// <summary>The autodiff gradient of L = 1/2 sum (y - f)^2 through <see cref="ProjectedReluNet"/>, flattened (W, U, b, v).</summary>
    private static (double Loss, double[] Grad) Reference(ProjectedReluWeights p, double[] x, double[] y)
    {
        var net = new ProjectedReluNet(p);
        using var rec = Autograd.EnableGrad();
        var r = net.Forward(Tensor.From(x, y.Length, p.D)) - Tensor.From(y, y.Length, 1);
        var loss = (r * r).Sum() * 0.5;
        loss.Backward();
        return (loss.Item(), [.. net.Parameters().SelectMany(t => t.Grad!.ToDoubleArray())]);
    }

    [Theory]
    [InlineData(1, 13)]   // k = 1: the vectorised path, m not a multiple of the vector width
    [InlineData(1, 16)]
    [InlineData(3, 7)]    // bottleneck k = 3: the general path
    public void GradientMatchesAutodiff(int k, int m)
    {
        var p = ProjectedReluWeights.Init(5, m, k, new Rng(3, "init"));
        var (x, y) = Batch(9, 5, 4);
        var grad = new ProjectedReluWeights(5, m, k);
        double loss = new ProjectedReluEnsemble([p]).Gradient(p, x, y, grad);
        var (refLoss, refGrad) = Reference(p, x, y);
        Assert.Equal(refLoss, loss, 11);
        var g = grad.Flatten();
        Assert.Equal(refGrad.Length, g.Length);
        for (int i = 0; i < g.Length; i++) Assert.Equal(refGrad[i], g[i], 11);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GradientMatchesFiniteDifferences(int k)
    {
        // <c, (L(theta + e t) - L(theta - e t)) / 2e> = <grad L, t> on a random tangent t (float64, central differences).
        var p = ProjectedReluWeights.Init(4, 11, k, new Rng(5, "init"));
        var (x, y) = Batch(6, 4, 6);
        var grad = new ProjectedReluWeights(4, 11, k);
        var ensemble = new ProjectedReluEnsemble([p]);
        ensemble.Gradient(p, x, y, grad);
        var t = new double[p.Count];
        new Rng(7, "tangent").Normal<double>(t, 0, 1);
        double Loss(double eps)
        {
            var q = Shifted(p, t, eps);
            return ensemble.Gradient(q, x, y, new ProjectedReluWeights(4, 11, k));
        }

        const double e = 1e-6;
        double fd = (Loss(e) - Loss(-e)) / (2 * e);
        double analytic = grad.Flatten().Zip(t, (a, b) => a * b).Sum();
        Assert.Equal(analytic, fd, 6);
    }

    [Fact]
    public void StepIsPlainSgdOnTheTrainableParts()
    {
        var p = ProjectedReluWeights.Init(3, 9, 1, new Rng(8, "init"));
        var before = p.Clone();
        var (x, y) = Batch(4, 3, 9);
        var grad = new ProjectedReluWeights(3, 9, 1);
        var ensemble = new ProjectedReluEnsemble([p]) { Trainable = ProjectedReluParts.Projection };
        ensemble.Gradient(before, x, y, grad);
        ensemble.Step(0, x, y, 0.1);
        for (int i = 0; i < 3; i++) Assert.Equal(before.W[i] - 0.1 * grad.W[i], p.W[i], 15);
        Assert.Equal(before.U, p.U);
        Assert.Equal(before.B, p.B);
        Assert.Equal(before.V, p.V);
    }

    [Fact]
    public void MembersFollowTheirOwnTrajectories()
    {
        var a = ProjectedReluWeights.Init(3, 10, 1, new Rng(10, "a"));
        var b = ProjectedReluWeights.Init(3, 10, 1, new Rng(11, "b"));
        var alone = a.Clone();
        var (x, y) = Batch(5, 3, 12);
        var ensemble = new ProjectedReluEnsemble([a, b]);
        var single = new ProjectedReluEnsemble([alone]);
        for (int s = 0; s < 5; s++)
        {
            ensemble.Step(1, x, y, 0.01);
            ensemble.Step(0, x, y, 0.01);
            single.Step(0, x, y, 0.01);
        }

        Assert.Equal(alone.Flatten(), a.Flatten());
    }

    [Fact]
    public void OutputMatchesTheModule()
    {
        var p = ProjectedReluWeights.Init(4, 12, 2, new Rng(13, "init"));
        var (x, _) = Batch(6, 4, 14);
        var f = new double[6];
        ProjectedReluEnsemble.Outputs(p, x, f);
        using var noGrad = Autograd.NoGrad();
        var reference = new ProjectedReluNet(p).Forward(Tensor.From(x, 6, 4)).ToDoubleArray();
        for (int i = 0; i < 6; i++) Assert.Equal(reference[i], f[i], 12);
    }

    private static ProjectedReluWeights Shifted(ProjectedReluWeights p, double[] t, double eps)
    {
        var q = p.Clone();
        int o = 0;
        foreach (var arr in new[] { q.W, q.U, q.B, q.V })
            for (int i = 0; i < arr.Length; i++) arr[i] += eps * t[o++];
        return q;
    }
}

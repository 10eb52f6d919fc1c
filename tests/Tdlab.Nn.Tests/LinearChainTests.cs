using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Sequential's fused chain of Linear(+activation) layers (one node for an MLP, run member by member of an
/// ensemble) against the same layers applied one by one: equal values, equal gradients (plain and recorded),
/// finite-difference second derivatives, thread-independent bits, shared layers and inputs that need gradients.
/// </summary>
public class LinearChainTests
{
    // layer by layer, each module's own Forward (a Linear alone is a one-layer node, activations their own ops)
    private static Tensor<double> OneByOne(Sequential<double> net, Tensor<double> x)
    {
        foreach (var layer in net.Layers) x = layer.Forward(x);
        return x;
    }

    private static void SameGradients(Sequential<double> net, Tensor<double> x, Tensor<double> c, string op = "linear_chain")
    {
        Tensor<double>[] leaves = [x, .. net.Parameters()];
        var chained = net.Forward(x);
        Assert.StartsWith(op, chained.GradFn!.Op);
        Assert.Equal(OneByOne(net, x).ToArray(), chained.ToArray());
        var want = Autograd.Grad([(OneByOne(net, x) * c).Sum()], leaves);
        var got = Autograd.Grad([(net.Forward(x) * c).Sum()], leaves);
        foreach (var p in leaves) p.Grad = null;
        (net.Forward(x) * c).Sum().Backward();
        for (int i = 0; i < leaves.Length; i++)
        {
            double[] w = want[i].ToArray(), g = got[i].ToArray(), acc = leaves[i].Grad!.ToArray();
            for (int j = 0; j < w.Length; j++)
            {
                Assert.Equal(w[j], g[j], 1e-12);
                Assert.Equal(w[j], acc[j], 1e-12);
            }
        }
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void An_ensemble_mlp_equals_its_layers_one_by_one(Activation phi)
    {
        var net = Mlp.Build<double>(12, [20, 9], 1, Members.Ensemble([4UL, 5UL, 6UL], "chain"), phi);
        var x = GradCheck.Leaf(GradCheck.Randn(3, 3, 7, 12));
        SameGradients(net, x, GradCheck.Randn(4, 3, 7, 1));
    }

    [Fact]
    public void A_single_model_with_layers_without_activation_equals_its_layers()
    {
        // wide enough that a dz tile aliasing the next gradient tile would corrupt the GEMM
        var net = new Sequential<double>(new Linear<double>(40, 37, new Rng(1)), new Linear<double>(37, 33, new Rng(2)),
            new Linear<double>(33, 35, new Rng(2), bias: false), new Tanh<double>(), new Linear<double>(35, 3, new Rng(3)));
        var x = GradCheck.Leaf(GradCheck.Randn(5, 2, 24, 40));
        SameGradients(net, x, GradCheck.Randn(6, 2, 24, 3));
    }

    [Fact]
    public void Chains_broken_by_an_unfused_activation_keep_their_own_layers()
    {
        // softplus is not fused: Linear | softplus | [Linear, Linear+tanh] | softplus | Linear, three separate nodes
        var net = new Sequential<double>(new Linear<double>(5, 6, new Rng(1)), new Softplus<double>(2.0),
            new Linear<double>(6, 7, new Rng(2)), new Linear<double>(7, 4, new Rng(3)), new Tanh<double>(),
            new Softplus<double>(1.0), new Linear<double>(4, 2, new Rng(4)));
        var x = GradCheck.Leaf(GradCheck.Randn(10, 9, 5));
        SameGradients(net, x, GradCheck.Randn(11, 9, 2), op: "linear");
        var y = net.Forward(x);
        Assert.Equal("linear_chain2", y.GradFn!.Inputs[0].GradFn!.Inputs[0].GradFn!.Op);
    }

    [Fact]
    public void A_layer_used_twice_gets_both_contributions()
    {
        var shared = new Linear<double>(5, 5, new Rng(7));
        var net = new Sequential<double>(shared, new Tanh<double>(), shared, new Sigmoid<double>());
        var x = GradCheck.Leaf(GradCheck.Randn(8, 6, 5));
        SameGradients(net, x, GradCheck.Randn(9, 6, 5));
        shared.Weight.ZeroGrad();
        shared.Bias!.ZeroGrad();
        (net.Forward(x) * GradCheck.Randn(9, 6, 5)).Sum().Backward();          // written for the first use, added for the second
        var want = Autograd.Grad([(OneByOne(net, x) * GradCheck.Randn(9, 6, 5)).Sum()], [shared.Weight])[0].ToArray();
        var got = shared.Weight.Grad!.ToArray();
        for (int j = 0; j < want.Length; j++) Assert.Equal(want[j], got[j], 1e-12);
    }

    [Fact]
    public void Chain_second_derivatives_match_finite_differences()
    {
        var net = Mlp.Build<double>(4, [6, 5], 2, Members.Ensemble([1UL, 2UL], "fd"), Activation.Tanh);
        var x = GradCheck.Leaf(GradCheck.Randn(2, 2, 3, 4));
        ParamCheck.Check(() => net.Forward(x).Square().Sum(), [x, .. net.Parameters()], "chain_ensemble_tanh");
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    public void Single_model_chain_second_derivatives_match_finite_differences(Activation phi)
    {
        // the recorded backward's hidden activations are one-layer nodes over the forward's values: H t through them
        var net = Mlp.Build<double>(6, [7, 5], 3, new Rng(4), phi);
        var x = GradCheck.Leaf(GradCheck.Randn(5, 4, 6));
        int[] labels = [0, 2, 1, 2];
        ParamCheck.Check(() => Loss.CrossEntropy(net.Forward(x), labels), [x, .. net.Parameters()], $"chain_single_{phi}");
    }

    [Theory]
    [InlineData(Activation.Tanh, false)]
    [InlineData(Activation.Tanh, true)]
    [InlineData(Activation.Sigmoid, true)]
    public void Hessian_vector_products_through_the_views_match_the_layers_one_by_one(Activation phi, bool ensemble)
    {
        // a loss linear in the output: the recorded gradient reaches the chain only through the hidden views
        var net = ensemble
            ? Mlp.Build<double>(6, [7, 5], 3, Members.Ensemble([3UL, 4UL], "views"), phi)
            : Mlp.Build<double>(6, [7, 5], 3, new Rng(6), phi);
        var x = GradCheck.Leaf(ensemble ? GradCheck.Randn(7, 2, 4, 6) : GradCheck.Randn(7, 4, 6));
        var c = ensemble ? GradCheck.Randn(8, 2, 4, 3) : GradCheck.Randn(8, 4, 3);
        Tensor<double>[] leaves = [x, .. net.Parameters()];
        var rng = new Rng(13, "views");
        var v = leaves.Select(p => Tensor.Normal<double>(rng, p.Shape)).ToArray();
        Tensor<double>[] Hv(Func<Tensor<double>> loss) => Autograd.Grad(Autograd.Grad([loss()], leaves, createGraph: true), leaves, v);
        var want = Hv(() => (OneByOne(net, x) * c).Sum());
        var got = Hv(() => (net.Forward(x) * c).Sum());
        Assert.Contains(want[1].ToArray(), value => Math.Abs(value) > 1e-3);                 // W_1: curvature through the hidden layers
        for (int i = 0; i < leaves.Length; i++)
        {
            double[] w = want[i].ToArray(), g = got[i].ToArray();
            for (int j = 0; j < w.Length; j++) Assert.Equal(w[j], g[j], 1e-12);
        }
    }

    [Fact]
    public void Third_derivatives_through_the_views_match_finite_differences()
    {
        // <c, d/dw (H v)> t against the central difference of <c, H(w + e t) v>: the views' recorded backward
        var net = Mlp.Build<double>(4, [5, 4], 2, new Rng(9), Activation.Tanh);
        var x = GradCheck.Leaf(GradCheck.Randn(9, 3, 4));
        int[] labels = [1, 0, 1];
        Tensor<double>[] leaves = [x, .. net.Parameters()];
        var rng = new Rng(12, "third");
        var v = leaves.Select(p => Tensor.Normal<double>(rng, p.Shape)).ToArray();
        var cs = leaves.Select(p => Tensor.Normal<double>(rng, p.Shape)).ToArray();
        var ts = leaves.Select(p => Tensor.Normal<double>(rng, p.Shape)).ToArray();
        Tensor<double> CHv(bool createGraph)
        {
            var g = Autograd.Grad([Loss.CrossEntropy(net.Forward(x), labels)], leaves, createGraph: true);
            var hv = Autograd.Grad(g, leaves, v, createGraph);
            Tensor<double> s = hv[0].Dot(cs[0]);
            for (int i = 1; i < leaves.Length; i++) s = s + hv[i].Dot(cs[i]);
            return s;
        }

        var d3 = Autograd.Grad([CHv(createGraph: true)], leaves);
        double analytic = 0;
        for (int i = 0; i < leaves.Length; i++) analytic += d3[i].Dot(ts[i]).ItemDouble();
        const double eps = 1e-5;
        void Shift(double by) { for (int i = 0; i < leaves.Length; i++) leaves[i].AddInPlace(ts[i], by); }
        Shift(eps);
        double plus = CHv(createGraph: false).ItemDouble();
        Shift(-2 * eps);
        double minus = CHv(createGraph: false).ItemDouble();
        Shift(eps);
        double numeric = (plus - minus) / (2 * eps);
        Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"analytic {analytic:R} vs finite difference {numeric:R}");
    }

    [Fact]
    public void Members_split_over_threads_give_identical_bits()
    {
        var seeds = Enumerable.Range(1, 6).Select(i => (ulong)i).ToArray();
        var net = Mlp.Build<float>(48, [64, 64], 3, Members.Ensemble(seeds, "threads"), Activation.Relu);
        var x = Tensor.Normal<float>(new Rng(2), new Shape(6, 40, 48));
        var c = Tensor.Normal<float>(new Rng(3), new Shape(6, 40, 3));
        float[][] Run(int threads)
        {
            using var limit = Parallelism.Limit(threads);
            foreach (var p in net.Parameters()) p.Grad = null;
            var y = net.Forward(x);
            (y * c).Sum().Backward();
            return [y.ToArray(), .. net.Parameters().Select(p => p.Grad!.ToArray())];
        }

        var one = Run(1);
        var two = Run(2);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    // a tanh MLP's cross-entropy gradient recorded (the chain with two hidden views), a direction v, and its HVP
    private static (Tensor<double>[] G, Tensor<double>[] Ps, Tensor<double>[] V, Tensor<double> Logits) RetainedGradient(int inputs, int width, int batch)
    {
        var net = Mlp.Build<double>(inputs, [width, width], 3, new Rng(6), Activation.Tanh);
        var x = GradCheck.Leaf(GradCheck.Randn(7, batch, inputs));
        Tensor<double>[] ps = [.. net.Parameters()];
        var rng = new Rng(13, "walks");
        var v = ps.Select(p => Tensor.Normal<double>(rng, p.Shape)).ToArray();
        var logits = net.Forward(x);
        Assert.StartsWith("linear_chain", logits.GradFn!.Op);
        var g = Autograd.Grad([Loss.CrossEntropy(logits, Enumerable.Range(0, batch).Select(i => i % 3).ToArray())], ps, createGraph: true);
        return (g, ps, v, logits);
    }

    private static void SameBits(Tensor<double>[] want, Tensor<double>[] got)
    {
        for (int i = 0; i < want.Length; i++) Assert.Equal(want[i].ToArray(), got[i].ToArray());
    }

    [Fact]
    public void A_walk_that_failed_between_the_views_and_the_chain_leaves_nothing_for_the_next_walk()
    {
        var (g, ps, v, logits) = RetainedGradient(6, 7, 4);
        var before = Autograd.Grad(g, ps, v);
        // s = thrower(y) + <g, v>: the walk runs the thrower after the views (it was ordered before them) and before y's chain node
        var thrower = Autograd.Record(Tensor.Zeros<double>(new Shape(1)), "throws", [logits], _ => throw new InvalidOperationException("planted"));
        var s = thrower.Sum();
        for (int i = 0; i < g.Length; i++) s = s + g[i].Dot(v[i]);
        Assert.Equal("planted", Assert.Throws<InvalidOperationException>(() => Autograd.Grad([s], ps)).Message);
        SameBits(before, Autograd.Grad(g, ps, v));
    }

    [Fact]
    public void Two_threads_taking_products_of_one_retained_graph_get_the_serial_bits()
    {
        var (g, ps, v, _) = RetainedGradient(20, 32, 16);
        var reference = Autograd.Grad(g, ps, v);
        for (int round = 0; round < 200; round++)
        {
            var results = new Tensor<double>[2][];
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                using var limit = Parallelism.Limit(1);
                for (int k = 0; k < 5; k++) results[i] = Autograd.Grad(g, ps, v);
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            SameBits(reference, results[0]);
            SameBits(reference, results[1]);
        }
    }
}

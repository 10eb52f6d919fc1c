using Tdlab.Tensors;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

public class SpectralNormTests
{
    /// <summary>W = Q1 diag(3, 1, 0.5) Q2^T (4 x 3) with Haar-orthogonal Q1, Q2: ||W||_2 = 3 exactly.</summary>
    private static Linear<double> KnownLayer()
    {
        var layer = new Linear<double>(3, 4, new Rng(1, "w"));
        var q1 = Orthogonal.Haar(new Rng(2, "q1"), 4, 3, 1.0);   // (4, 3), orthonormal columns
        var q2 = Orthogonal.Haar(new Rng(3, "q2"), 3, 3, 1.0);   // (3, 3)
        double[] s = [3, 1, 0.5];
        var w = layer.Weight.Span;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++) sum += q1[i * 3 + k] * s[k] * q2[j * 3 + k];
                w[i * 3 + j] = sum;
            }

        return layer;
    }

    private static double Top(Tensor<double> w) => Svd.SingularValues(w.ToArray(), w.Shape[0], w.Shape[1])[0];

    [Fact]
    public void Forward_divides_the_weight_by_u_W_v_and_adds_the_bias()
    {
        var sn = new SpectralNorm<double>(KnownLayer(), new Rng(4, "u"));
        sn.Eval();
        var x = GradCheck.Randn(5, 2, 3);
        var y = sn.Forward(x);
        var w = sn.Layer.Weight;
        double sigma = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++) sigma += sn.U[i] * w[i, j] * sn.V[j];
        Assert.Equal(sn.Sigma, sigma, 1e-12);
        for (int b = 0; b < 2; b++)
            for (int o = 0; o < 4; o++)
            {
                double s = sn.Layer.Bias![o];
                for (int i = 0; i < 3; i++) s += x[b, i] * w[o, i] / sigma;
                Assert.Equal(s, y[b, o], 1e-12);
            }
    }

    [Fact]
    public void Warm_up_and_training_forwards_converge_sigma_to_the_top_singular_value()
    {
        var sn = new SpectralNorm<double>(KnownLayer(), new Rng(4, "u"));
        // 15 warm-up iterations with ratio s2/s1 = 1/3: error ~ (1/3)^30 relative
        Assert.Equal(3.0, sn.Sigma, 1e-9);
        Assert.Equal(1.0, Top(sn.NormalizedWeight()), 1e-9);

        // Perturb W: training-mode forwards update u (one iteration each) and track the new norm.
        sn.Layer.Weight.ScaleInPlace(2.0);
        var x = GradCheck.Randn(6, 2, 3);
        for (int i = 0; i < 20; i++) sn.Forward(x);
        Assert.Equal(Top(sn.Layer.Weight), sn.Sigma, 1e-9);
        Assert.Equal(1.0, Top(sn.NormalizedWeight()), 1e-9);
    }

    [Fact]
    public void Training_steps_in_tensor_scopes_carry_u_across_steps_and_eval_uses_the_current_weight()
    {
        // Each training forward inside its own TensorScope is one more power iteration from the same u:
        // after k scoped forwards u must equal SpectralNormStep with 15 + k iterations from the initial u
        // (a buffer recycled by the scope, re-created or reset per step would not).
        // W = Q1 diag(1, 0.97, 0.5, 0.3, 0.1) Q2^T: gap 0.97, so each iteration still moves u measurably.
        var layer = new Linear<float>(6, 5, new Rng(11, "w"));
        var q1 = Orthogonal.Haar(new Rng(2, "q1"), 5, 5, 1.0);
        var q2 = Orthogonal.Haar(new Rng(3, "q2"), 6, 5, 1.0);   // (6, 5), orthonormal columns
        double[] sv = [1, 0.97, 0.5, 0.3, 0.1];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 6; j++)
                layer.Weight.Span[i * 6 + j] = (float)Enumerable.Range(0, 5).Sum(k => q1[i * 5 + k] * sv[k] * q2[j * 5 + k]);
        var sn = SpectralNorm<float>.Wrap(new Sequential<float>(layer), new Rng(12, "u")).Layers.OfType<SpectralNorm<float>>().Single();
        var x = Tensor.From(GradCheck.Randn(13, 4, 6).ToArray().Select(a => (float)a).ToArray(), 4, 6);
        const int steps = 7;
        for (int k = 0; k < steps; k++)
        {
            using var scope = Tdlab.Tensors.Storage.TensorScope.Begin();
            sn.Forward(x).Sum().Backward();
        }

        (double[] U, float[] V, double Sigma) Reference(int iterations)
        {
            var u = new float[5];
            new Rng(12, "u").Child("u0").Normal<float>(u, 0f, 1f);     // the start Wrap gives layer 0
            var v = new float[6];
            double sigma = PowerIteration.SpectralNormStep<float>(layer.Weight.Span.ToArray(), 5, 6, u, v, iterations);
            return (u.Select(a => (double)a).ToArray(), v, sigma);
        }

        var (u0, _, sigmaRef) = Reference(SpectralNorm<float>.WarmUpIterations + steps);
        var (uStale, _, _) = Reference(SpectralNorm<float>.WarmUpIterations + 1);
        var u = sn.U.ToDoubleArray();
        Assert.True(u.Zip(uStale).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the test needs iterations that still move u");
        Assert.All(u.Zip(u0), p => Assert.Equal(p.Second, p.First, 1e-5));
        Assert.Equal(sigmaRef, sn.Sigma, 1e-5);

        // Evaluation mode: sigma = u^T W v with the stored u, v and the current (changed) W, as PyTorch.
        sn.Eval();
        layer.Weight.Span[0] += 0.5f;
        var wsn = sn.NormalizedWeight().ToDoubleArray();
        var w = layer.Weight.ToDoubleArray();
        var (us, vs) = (sn.U.ToDoubleArray(), sn.V.ToDoubleArray());
        double s = 0;
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 6; j++) s += us[i] * w[i * 6 + j] * vs[j];
        for (int e = 0; e < w.Length; e++) Assert.Equal(w[e] / s, wsn[e], 1e-5);
    }

    [Fact]
    public void Evaluation_mode_leaves_u_and_v_unchanged()
    {
        var sn = new SpectralNorm<double>(new Linear<double>(5, 4, new Rng(9)), new Rng(4, "u"));
        sn.Eval();
        var u = sn.U.ToArray();
        sn.Layer.Weight.ScaleInPlace(-1.5);
        sn.Forward(GradCheck.Randn(7, 3, 5));
        Assert.Equal(u, sn.U.ToArray());
        sn.Train();
        sn.Forward(GradCheck.Randn(7, 3, 5));
        Assert.NotEqual(u, sn.U.ToArray());
    }

    [Fact]
    public void Gradients_treat_u_and_v_as_constants_first_and_second_order()
    {
        var sn = new SpectralNorm<double>(new Linear<double>(4, 3, new Rng(5)), new Rng(6, "u"));
        sn.Eval();   // fixed u, v: the loss is a function of W, b and x only
        var x = GradCheck.Leaf(GradCheck.Randn(8, 5, 4));
        ParamCheck.Check(() => sn.Forward(x).Tanh().Sum(), [x, sn.Layer.Weight, sn.Layer.Bias!], "spectral_norm");
    }

    [Fact]
    public void Weight_gradient_matches_Miyato_equation_12()
    {
        // dL/dW = (G - <G, W_sn> u v^T) / sigma, G = dL/dW_sn
        var sn = new SpectralNorm<double>(new Linear<double>(4, 3, new Rng(5), bias: false), new Rng(6, "u"));
        sn.Eval();
        var x = GradCheck.Randn(8, 5, 4);
        sn.Forward(x).Tanh().Sum().Backward();
        var wsn = sn.NormalizedWeight().Detach();
        var probe = GradCheck.Leaf(wsn);
        x.MatMul(probe, transB: true).Tanh().Sum().Backward();
        var g = probe.Grad!;
        double inner = g.Dot(wsn).ItemDouble();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal((g[i, j] - inner * sn.U[i] * sn.V[j]) / sn.Sigma, sn.Layer.Weight.Grad![i, j], 1e-12);
    }

    [Fact]
    public void Wrap_replaces_every_linear_layer_and_keeps_its_parameters()
    {
        var mlp = Mlp.Build<double>(3, 2, 5, 2, new Rng(7));
        var wrapped = SpectralNorm<double>.Wrap(mlp, new Rng(8, "u"));
        Assert.Equal(mlp.Count, wrapped.Count);
        Assert.Equal(3, wrapped.Layers.OfType<SpectralNorm<double>>().Count());
        Assert.Equal(mlp.Parameters(), wrapped.Parameters());
        Assert.All(wrapped.Layers.OfType<SpectralNorm<double>>(), s => Assert.Equal(1.0, Top(s.NormalizedWeight()), 1e-3));
    }

    [Fact]
    public void Bad_input_names_the_layer()
    {
        var ensemble = new Linear<double>(3, 2, Members.Ensemble([1UL, 2UL], "w"));
        Assert.Contains("ensemble", Assert.Throws<ArgumentException>(() => new SpectralNorm<double>(ensemble, new Rng(1))).Message);
        var sn = new SpectralNorm<double>(new Linear<double>(3, 2, new Rng(1)), new Rng(2));
        Assert.Contains("SpectralNorm(Linear 3 -> 2)", Assert.Throws<ArgumentException>(() => sn.Forward(GradCheck.Randn(1, 2, 4))).Message);
    }
}

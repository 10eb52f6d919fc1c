using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Each scheme's empirical mean and variance on a (400, 500) matrix against its formula, within five
/// standard errors (mean: sigma / sqrt(N); variance: sigma^2 sqrt(2 / N), an upper bound for the uniform case).
/// </summary>
public class InitTests
{
    private const int FanOut = 400, FanIn = 500;

    public static TheoryData<string, double, double> Schemes() => new()
    {
        { "normal", 0.0, 0.3 * 0.3 },
        { "uniform", 0.5, 4.0 / 12 },
        { "xavier_normal", 0.0, 4.0 * 2 / (FanIn + FanOut) },
        { "xavier_uniform", 0.0, 2.0 / (FanIn + FanOut) },
        { "kaiming_normal_in", 0.0, 2.0 / FanIn },
        { "kaiming_normal_out_tanh", 0.0, 25.0 / 9 / FanOut },
        { "kaiming_uniform_in", 0.0, 2.0 / FanIn },
        { "kaiming_uniform_out_leaky", 0.0, 2.0 / (1 + 0.2 * 0.2) / FanOut },
        { "lecun_normal", 0.0, 1.0 / FanIn },
        { "pytorch_default", 0.0, 1.0 / (3.0 * FanIn) },
        { "critical", 0.0, 1.5 * 1.5 / FanIn },
        { "orthogonal", 0.0, 1.0 / FanIn },
    };

    private static Initializer Make(string scheme) => scheme switch
    {
        "normal" => Init.Normal(0.3),
        "uniform" => Init.Uniform(-0.5, 1.5),
        "xavier_normal" => Init.XavierNormal(gain: 2),
        "xavier_uniform" => Init.XavierUniform(),
        "kaiming_normal_in" => Init.KaimingNormal(Init.Gain(Activation.Relu)),
        "kaiming_normal_out_tanh" => Init.KaimingNormal(Init.Gain(Activation.Tanh), FanMode.FanOut),
        "kaiming_uniform_in" => Init.KaimingUniform(),
        "kaiming_uniform_out_leaky" => Init.KaimingUniform(Init.LeakyReluGain(0.2), FanMode.FanOut),
        "lecun_normal" => Init.LeCunNormal(),
        "pytorch_default" => Init.PyTorchDefault(),
        "critical" => Init.Critical(1.5),
        "orthogonal" => Init.Orthogonal(),
        _ => throw new ArgumentException(scheme),
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Empirical_mean_and_variance_match_the_formula(string scheme, double mean, double variance)
    {
        var w = Make(scheme).Apply(Tensor.Zeros<double>(FanOut, FanIn), new Rng(3, scheme));
        var (m, v) = Moments(w.Span);
        int n = w.Length;
        Assert.True(Math.Abs(m - mean) <= 5 * Math.Sqrt(variance / n), $"{scheme}: mean {m} vs {mean}");
        Assert.True(Math.Abs(v - variance) <= 5 * variance * Math.Sqrt(2.0 / n), $"{scheme}: variance {v} vs {variance}");
    }

    [Fact]
    public void Critical_bias_has_variance_sigma_b_squared()
    {
        var b = new double[200_000];
        LayerInit.Critical(1.5, 0.2).Bias.Fill<double>(b, b.Length, 7, new Rng(5));
        var (m, v) = Moments(b);
        Assert.True(Math.Abs(m) <= 5 * 0.2 / Math.Sqrt(b.Length));
        Assert.True(Math.Abs(v - 0.04) <= 5 * 0.04 * Math.Sqrt(2.0 / b.Length), $"variance {v}");
    }

    [Theory]
    [InlineData(30, 50, 1.0)]
    [InlineData(50, 30, 2.0)]
    [InlineData(40, 40, 0.5)]
    public void Orthogonal_is_exactly_semi_orthogonal_with_gain(int rows, int cols, double gain)
    {
        var w = Init.Orthogonal(gain).Apply(Tensor.Zeros<double>(rows, cols), new Rng(9));
        // W W^T when rows <= cols, else W^T W
        var gram = rows <= cols ? w.MatMul(w, transB: true) : w.MatMul(w, transA: true);
        int n = Math.Min(rows, cols);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(gram[i, j] - (i == j ? gain * gain : 0)) <= 1e-10, $"gram[{i},{j}] = {gram[i, j]}");
    }

    [Fact]
    public void Orthogonal_draws_are_haar_mean_trace_is_zero()
    {
        // For Q Haar on O(n), E tr Q = 0 and Var tr Q = 1; without the sign correction E tr Q > 0.
        var rng = new Rng(21);
        const int Draws = 400;
        double sum = 0;
        for (int d = 0; d < Draws; d++)
        {
            var q = Init.Orthogonal().Apply(Tensor.Zeros<double>(8, 8), rng);
            for (int i = 0; i < 8; i++) sum += q[i, i];
        }

        Assert.True(Math.Abs(sum / Draws) <= 5 / Math.Sqrt(Draws), $"mean trace {sum / Draws}");
    }

    [Fact]
    public void Identity_and_zeros_are_exact()
    {
        var eye = Init.Identity(3).Apply(Tensor.Full<double>(new Shape(3, 4), 7), new Rng(1));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(i == j ? 3.0 : 0.0, eye[i, j]);
        var z = Init.Zeros().Apply(Tensor.Ones<double>(5, 2), new Rng(1));
        Assert.All(z.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Draws_derive_from_the_seed_and_agree_across_precisions()
    {
        var a = Init.XavierNormal().Apply(Tensor.Zeros<double>(6, 5), new Rng(4, "w"));
        var b = Init.XavierNormal().Apply(Tensor.Zeros<double>(6, 5), new Rng(4, "w"));
        var c = Init.XavierNormal().Apply(Tensor.Zeros<double>(6, 5), new Rng(5, "w"));
        var f = Init.XavierNormal().Apply(Tensor.Zeros<float>(6, 5), new Rng(4, "w"));
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.NotEqual(a.ToArray(), c.ToArray());
        Assert.Equal(a.ToArray().Select(v => (float)v), f.ToArray());
    }

    [Fact]
    public void Gains_follow_torch_calculate_gain()
    {
        Assert.Equal(Math.Sqrt(2), Init.Gain(Activation.Relu));
        Assert.Equal(5.0 / 3, Init.Gain(Activation.Tanh));
        Assert.Equal(1.0, Init.Gain(Activation.Identity));
        Assert.Equal(1.0, Init.Gain(Activation.Sigmoid));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Init.LeakyReluGain());
    }

    [Fact]
    public void Matrix_schemes_reject_a_bias()
    {
        var ex = Assert.Throws<ArgumentException>(() => Init.Orthogonal().Fill<double>(new double[4], 4, 3, new Rng(1)));
        Assert.Contains("orthogonal", ex.Message);
    }

    private static (double Mean, double Variance) Moments(ReadOnlySpan<double> x)
    {
        double m = 0;
        foreach (var v in x) m += v;
        m /= x.Length;
        double s = 0;
        foreach (var v in x) s += (v - m) * (v - m);
        return (m, s / x.Length);
    }
}

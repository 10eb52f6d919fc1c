using System.Numerics;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Optimisers on f(x) = 1/2 sum_i a_i x_i^2 (gradient a_i x_i): SGD and heavy-ball against their closed-form
/// trajectories, the others against three steps of their update written out by hand, per coordinate.
/// </summary>
public class OptimizerTests
{
    private static readonly double[] A = [0.5, 1.0, 2.0];
    private static readonly double[] X0 = [1.0, -2.0, 0.5];

    private static Tensor<double> Start()
    {
        var x = Tensor.From(X0, 3);
        x.RequiresGrad = true;
        return x;
    }

    /// <summary>Runs the optimiser for the given steps on the quadratic; returns x after each step.</summary>
    private static List<double[]> Run(Tensor<double> x, Optimizer<double> opt, int steps)
    {
        var a = Tensor.From(A, 3);
        var path = new List<double[]>();
        for (int t = 0; t < steps; t++)
        {
            opt.ZeroGrad();
            ((x.Square() * a).Sum() * 0.5).Backward();
            opt.Step();
            path.Add(x.ToArray());
        }

        return path;
    }

    private static void Close(double expected, double actual, double rel = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(1e-300, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Sgd_follows_the_closed_form_geometric_trajectory()
    {
        var x = Start();
        const double Lr = 0.3;
        var path = Run(x, new Sgd<double>([x], Lr), 25);
        for (int t = 1; t <= 25; t++)
            for (int i = 0; i < 3; i++)
                Close(Math.Pow(1 - Lr * A[i], t) * X0[i], path[t - 1][i]);   // x_t = (1 - lr a)^t x_0
    }

    [Fact]
    public void Heavy_ball_follows_the_closed_form_of_its_linear_recurrence()
    {
        // x_{t+1} = (1 + mu - lr a) x_t - mu x_{t-1}, x_1 = (1 - lr a) x_0: x_t = c1 l1^t + c2 l2^t with
        // l1, l2 the roots of l^2 - (1 + mu - lr a) l + mu = 0 (complex here: damped oscillation).
        const double Lr = 0.2, Mu = 0.9;
        var x = Start();
        var path = Run(x, new Sgd<double>([x], Lr, momentum: Mu), 30);
        for (int i = 0; i < 3; i++)
        {
            double tr = 1 + Mu - Lr * A[i];
            var disc = Complex.Sqrt(tr * tr - 4 * Mu);
            Complex l1 = (tr + disc) / 2, l2 = (tr - disc) / 2;
            double x1 = (1 - Lr * A[i]) * X0[i];
            var c1 = (x1 - l2 * X0[i]) / (l1 - l2);
            var c2 = X0[i] - c1;
            for (int t = 1; t <= 30; t++)
            {
                double expected = (c1 * Complex.Pow(l1, t) + c2 * Complex.Pow(l2, t)).Real;
                Assert.True(Math.Abs(expected - path[t - 1][i]) <= 1e-12 * Math.Abs(X0[i]), $"coordinate {i}, step {t}: {expected} vs {path[t - 1][i]}");
            }
        }
    }

    /// <summary>Three steps of an update written by hand, per coordinate: state is a small array.</summary>
    private static double[][] HandTable(Func<int, double, double, double[], double> step, int stateSize)
    {
        var table = new double[3][];
        var x = (double[])X0.Clone();
        var state = Enumerable.Range(0, 3).Select(_ => new double[stateSize]).ToArray();
        for (int t = 1; t <= 3; t++)
        {
            for (int i = 0; i < 3; i++) x[i] = step(t, x[i], A[i] * x[i], state[i]);
            table[t - 1] = (double[])x.Clone();
        }

        return table;
    }

    private static void MatchesTable(Optimizer<double> opt, Tensor<double> x, double[][] table)
    {
        var path = Run(x, opt, 3);
        for (int t = 0; t < 3; t++)
            for (int i = 0; i < 3; i++) Close(table[t][i], path[t][i]);
    }

    private static Func<int, double, double, double[], double> AdamStep(double lr, double b1, double b2, double eps, bool ams,
        double l2 = 0, double decoupled = 0) => (t, x, g, s) =>
    {
        x *= 1 - lr * decoupled;
        g += l2 * x;
        s[0] = b1 * s[0] + (1 - b1) * g;
        s[1] = b2 * s[1] + (1 - b2) * g * g;
        s[2] = Math.Max(s[2], s[1]);
        double mHat = s[0] / (1 - Math.Pow(b1, t));
        double vHat = (ams ? s[2] : s[1]) / (1 - Math.Pow(b2, t));
        return x - lr * mHat / (Math.Sqrt(vHat) + eps);
    };

    [Fact]
    public void Adam_matches_the_hand_computed_first_steps()
    {
        var x = Start();
        MatchesTable(new Adam<double>([x], 0.1), x, HandTable(AdamStep(0.1, 0.9, 0.999, 1e-8, false), 3));
    }

    [Fact]
    public void AmsGrad_matches_the_hand_computed_first_steps()
    {
        // beta2 = 0.5 and a large first gradient make v decrease, so the running maximum matters.
        var adam = HandTable(AdamStep(0.6, 0.9, 0.5, 1e-8, false), 3);
        var ams = HandTable(AdamStep(0.6, 0.9, 0.5, 1e-8, true), 3);
        Assert.NotEqual(adam[2][2], ams[2][2]);
        var x = Start();
        MatchesTable(new Adam<double>([x], 0.6, beta2: 0.5, amsGrad: true), x, ams);
    }

    [Fact]
    public void RmsProp_matches_the_hand_computed_first_steps()
    {
        const double Lr = 0.05, Alpha = 0.9, Eps = 1e-8;
        var table = HandTable((_, x, g, s) =>
        {
            s[0] = Alpha * s[0] + (1 - Alpha) * g * g;
            return x - Lr * g / (Math.Sqrt(s[0]) + Eps);
        }, 1);
        var x = Start();
        MatchesTable(new RmsProp<double>([x], Lr, alpha: Alpha, eps: Eps), x, table);
    }

    [Fact]
    public void Nesterov_matches_the_hand_computed_first_steps()
    {
        const double Lr = 0.1, Mu = 0.8;
        var table = HandTable((_, x, g, s) =>
        {
            s[0] = Mu * s[0] + g;
            return x - Lr * (g + Mu * s[0]);
        }, 1);
        var x = Start();
        MatchesTable(new Sgd<double>([x], Lr, momentum: Mu, nesterov: true), x, table);
    }

    [Fact]
    public void Weight_decay_l2_and_decoupled_match_the_hand_computed_first_steps()
    {
        var x = Start();
        MatchesTable(new Sgd<double>([x], 0.1, weightDecay: 0.3), x, HandTable((_, v, g, _) => v - 0.1 * (g + 0.3 * v), 0));
        x = Start();
        MatchesTable(new Sgd<double>([x], 0.1, decoupledWeightDecay: 0.3), x, HandTable((_, v, g, _) => v * (1 - 0.03) - 0.1 * g, 0));
        x = Start();
        MatchesTable(new Adam<double>([x], 0.1, weightDecay: 0.2), x, HandTable(AdamStep(0.1, 0.9, 0.999, 1e-8, false, l2: 0.2), 3));
        x = Start();
        MatchesTable(new Adam<double>([x], 0.1, decoupledWeightDecay: 0.2), x, HandTable(AdamStep(0.1, 0.9, 0.999, 1e-8, false, decoupled: 0.2), 3));
    }

    [Fact]
    public void Gradient_clipping_returns_the_norm_and_rescales_to_the_limit()
    {
        var p = Tensor.From([0.0, 0.0], 2);
        var q = Tensor.From([0.0], 1);
        p.RequiresGrad = q.RequiresGrad = true;
        p.Grad = Tensor.From([3.0, 4.0], 2);
        q.Grad = Tensor.From([12.0], 1);
        var opt = new Sgd<double>([p, q], 0.1);
        Assert.Equal(13.0, opt.ClipGradNorm(20.0), 1e-15);
        Assert.Equal([3.0, 4.0], p.Grad.ToArray());
        Assert.Equal(13.0, opt.ClipGradNorm(6.5), 1e-15);
        double c = 6.5 / (13 + 1e-6);
        Assert.Equal(3 * c, p.Grad[0], 1e-15);
        Assert.Equal(12 * c, q.Grad[0], 1e-15);
    }

    [Fact]
    public void Gradient_clipping_in_float32_survives_a_sum_of_squares_beyond_float_range()
    {
        // entries 3e28 and 4e28 are finite floats; their squares (~1e57) overflow float32, the norm 5e28 does not
        var p = Tensor.From([0f, 0f], 2);
        p.RequiresGrad = true;
        p.Grad = Tensor.From([3e28f, 4e28f], 2);
        var opt = new Sgd<float>([p], 0.1);
        Assert.Equal(5e28, opt.ClipGradNorm(1.0), 5e28 * 1e-6);
        Assert.Equal(0.6f, p.Grad[0], 1e-6f);
        Assert.Equal(0.8f, p.Grad[1], 1e-6f);
    }

    [Fact]
    public void Parameter_groups_and_member_rates_use_their_own_learning_rates()
    {
        var p = Tensor.From([1.0, 1.0], 2);
        var q = Tensor.From([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 3, 2);
        p.RequiresGrad = q.RequiresGrad = true;
        var opt = new Sgd<double>([new ParamGroup<double>([p], 0.1), new ParamGroup<double>([q], 0) { MemberLearningRates = [0.1, 0.2, 0.3] }]);
        p.Grad = Tensor.Ones<double>(2);
        q.Grad = Tensor.Ones<double>(3, 2);
        opt.Step();
        Assert.Equal([0.9, 0.9], p.ToArray());
        Assert.Equal([0.9, 0.9, 0.8, 0.8, 0.7, 0.7], q.ToArray());
        Assert.Throws<ArgumentException>(() => new Sgd<double>([new ParamGroup<double>([p], 0) { MemberLearningRates = [0.1, 0.2, 0.3] }]));
    }

    [Fact]
    public void Steps_allocate_nothing_in_steady_state()
    {
        var p = Tensor.Ones<float>(64, 32);
        var q = Tensor.Ones<float>(32);
        p.RequiresGrad = q.RequiresGrad = true;
        p.Grad = Tensor.Full<float>(new Shape(64, 32), 0.01f);
        q.Grad = Tensor.Full<float>(new Shape(32), 0.02f);
        Optimizer<float>[] opts =
        [
            new Sgd<float>([p, q], 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
            new RmsProp<float>([p, q], 0.01),
            new Adam<float>([p, q], 0.01, amsGrad: true, decoupledWeightDecay: 0.01),
        ];
        foreach (var opt in opts)
        {
            for (int i = 0; i < 5; i++) opt.Step();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++) opt.Step();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}

using System.Diagnostics;
using Tdlab.Lab.Runner;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes.GaussNewton;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// Seed 000 topic 20 on a teacher-student regression: x ~ N(0, I_d) (n examples), y = teacher(x) (a d-4-1 tanh net), the
/// loss L = (1/2) mean_b (f(x_b) - y_b)^2 of a d-8-1 tanh student from the same initial point for every method, which runs
/// until L &lt;= target or its iteration cap:
/// <list type="bullet">
/// <item>GD with step 1 / lambda_max(H(w_0)) (the textbook 1/beta step, beta measured at the start by Lanczos);</item>
/// <item>Adam (full batch); every align-every steps its second moment v (Kingma and Ba's EMA of g^2) is compared with the
/// exact diagonal of the Gauss-Newton matrix G = (1/n) sum_b J_b^T J_b (one product G e_i per coordinate) by cosine
/// similarity, beside the cosine of the constant vector (plain GD's implicit preconditioner) with the same diagonal;</item>
/// <item>Gauss-Newton and Newton: d solves (A + mu I) d = -g by conjugate gradients on exact products (A = G, or A = H with
/// CG truncated on negative curvature), the step w + d is taken if it lowers L (then mu /= 3) and refused otherwise
/// (mu *= 4; Levenberg-Marquardt). Both accepted and refused steps count as iterations.</item>
/// </list>
/// Logged: the loss per iteration (every 10 for GD and Adam), iterations and wall seconds to the target, and the operator
/// products used.
/// </summary>
internal static class SecondOrderStudy
{
    public static void Run(RunContext<SharpnessRun> ctx)
    {
        var c = ctx.Config;
        var (x, y) = Data(ctx, c);
        var model = Mlp.Build<double>(c.RegressionDim, [c.StudentWidth], 1, ctx.Shared("regression/student", "init"), Activation.Tanh);
        var clock = Stopwatch.StartNew();
        var outcome = c.Method switch
        {
            OptimizerMethod.Gd => FirstOrder(ctx, model, x, y, adam: false),
            OptimizerMethod.Adam => FirstOrder(ctx, model, x, y, adam: true),
            OptimizerMethod.GaussNewton or OptimizerMethod.Newton => SecondOrder(ctx, model, x, y),
            _ => throw new InvalidOperationException($"sharpness: no optimiser {c.Method}"),
        };
        double seconds = clock.Elapsed.TotalSeconds - outcome.MeasurementSeconds;
        ctx.Log(outcome.Iterations, Reached, outcome.Reached ? 1 : 0);
        ctx.Log(outcome.Iterations, Iterations, outcome.Iterations);
        ctx.Log(outcome.Iterations, WallSeconds, seconds);
        ctx.Log(outcome.Iterations, Products, outcome.Products);
    }

    /// <summary>MeasurementSeconds: time spent on the alignment probe, not the optimiser's, taken off its wall time.</summary>
    private readonly record struct Outcome(int Iterations, bool Reached, long Products, double MeasurementSeconds = 0);

    /// <summary>x (n, d) ~ N(0, 1) and y = teacher(x) (n, 1), the same for every method of a seed.</summary>
    internal static (Tensor<double> X, Tensor<double> Y) Data(RunContext ctx, SharpnessSettings c)
    {
        var x = Tensor.Normal<double>(ctx.Shared("regression/data", "x"), new Shape(c.RegressionExamples, c.RegressionDim));
        var teacher = Mlp.Build<double>(c.RegressionDim, [c.TeacherWidth], 1, ctx.Shared("regression/teacher", "init"), Activation.Tanh,
            init: new LayerInit(Init.Normal(1.5), Init.Normal(0.3)));
        using var noGrad = Autograd.NoGrad();
        using var suspend = TensorScope.Suspend();
        return (x, teacher.Forward(x).Detach());
    }

    /// <summary>(1/2) mean_b (f_b - y_b)^2, recorded when grad mode is on.</summary>
    internal static Tensor<double> HalfMse(Module<double> model, Tensor<double> x, Tensor<double> y) => Nn.Loss.Mse(model.Forward(x), y) * 0.5;

    private static double Value(Module<double> model, Tensor<double> x, Tensor<double> y)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Autograd.NoGrad();
        return HalfMse(model, x, y).ItemDouble();
    }

    private static Outcome FirstOrder(RunContext<SharpnessRun> ctx, Module<double> model, Tensor<double> x, Tensor<double> y, bool adam)
    {
        var c = ctx.Config;
        var parameters = model.Parameters().ToList();
        long products = 0;
        double eta = c.AdamLearningRate;
        if (!adam)
        {
            var h = new HessianOperator<double>(model, new CurvatureBatch<double>(x, f => Nn.Loss.Mse(f, y) * 0.5), BatchNormMode.Train);
            var top = TopEigenpairs.Estimate(h, 1, ctx.Rng.Child("lanczos"), tolerance: 1e-8);
            products = top.Products;
            eta = 1 / top.Top;
            ctx.Log(0, GdStep, eta);
        }

        Optimizer<double> optimizer = adam ? new Adam<double>(parameters, eta) : new Sgd<double>(parameters, eta);
        var probe = new Stopwatch();
        for (int t = 0; ; t++)
        {
            double loss = Value(model, x, y);
            bool done = loss <= c.RegressionTarget || !double.IsFinite(loss) || t == c.FirstOrderMaxSteps;
            if (t % 10 == 0 || done) ctx.Log(t, RegressionLoss, loss);
            if (adam && t > 0 && (t % c.AlignEvery == 0 || done))
            {
                probe.Start();
                Align(ctx, t, model, x, (Adam<double>)optimizer, parameters.Count);
                probe.Stop();
            }

            if (done) return new Outcome(t, loss <= c.RegressionTarget, products, probe.Elapsed.TotalSeconds);
            using var scope = TensorScope.Begin();
            using var rec = Autograd.EnableGrad();
            optimizer.ZeroGrad();
            Autograd.Backward(HalfMse(model, x, y));
            optimizer.Step();
            if (t % 1000 == 0) ctx.Progress(t, c.FirstOrderMaxSteps, "steps (at most)");
        }
    }

    /// <summary>cos(v, diag G) and cos(1, diag G), diag G exact: (G e_i)_i for every coordinate i.</summary>
    private static void Align(RunContext<SharpnessRun> ctx, int step, Module<double> model, Tensor<double> x, Adam<double> adam, int tensors)
    {
        var g = GaussNewtonProduct<double>.Of(model, x, OutputLoss.MeanSquare);
        var diagonal = GaussNewtonDiagonal(g);
        var v = Enumerable.Range(0, tensors).SelectMany(i => adam.StateTensors[tensors + i].ToDoubleArray()).ToArray();   // state: m per tensor, then v
        ctx.Log(step, AdamGnCosine, Cosine(v, diagonal));
        ctx.Log(step, UniformGnCosine, Cosine(Enumerable.Repeat(1.0, diagonal.Length).ToArray(), diagonal));
    }

    /// <summary>diag G exactly, G_ii = e_i^T G e_i (P products).</summary>
    internal static double[] GaussNewtonDiagonal(ISymmetricOperator g)
    {
        int n = g.Dimension;
        var e = new double[n];
        var column = new double[n];
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            e[i] = 1;
            g.Apply(e, column);
            e[i] = 0;
            d[i] = column[i];
        }

        return d;
    }

    internal static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return ab / Math.Sqrt(aa * bb);
    }

    private static Outcome SecondOrder(RunContext<SharpnessRun> ctx, Module<double> model, Tensor<double> x, Tensor<double> y)
    {
        var c = ctx.Config;
        var parameters = model.Parameters().ToList();
        bool newton = c.Method == OptimizerMethod.Newton;
        double mu = c.Damping;
        long products = 0;
        double loss = Value(model, x, y);
        for (int t = 0; ; t++)
        {
            ctx.Log(t, RegressionLoss, loss);
            if (loss <= c.RegressionTarget || t == c.SecondOrderMaxSteps) return new Outcome(t, loss <= c.RegressionTarget, products);
            using var scope = TensorScope.Begin();
            var h = new HessianOperator<double>(model, new CurvatureBatch<double>(x, f => Nn.Loss.Mse(f, y) * 0.5), BatchNormMode.Train);
            ISymmetricOperator a = newton ? h : GaussNewtonProduct<double>.Of(model, x, OutputLoss.MeanSquare);
            var minusGradient = h.Gradient.ToArray().Select(v => -v).ToArray();
            var solution = ConjugateGradient.Solve(a, minusGradient, mu, maxIterations: 2 * a.Dimension, tolerance: 1e-6);
            products += solution.Products;
            var saved = parameters.Select(p => p.ToArray()).ToList();
            Shift(parameters, solution.X);
            double trial = Value(model, x, y);
            if (double.IsFinite(trial) && trial < loss)
            {
                loss = trial;
                mu /= 3;
            }
            else
            {
                for (int i = 0; i < parameters.Count; i++) saved[i].CopyTo(parameters[i].Span);
                mu *= 4;
            }
        }
    }

    /// <summary>w += d (flat, in parameter order).</summary>
    private static void Shift(List<Tensor<double>> parameters, ReadOnlySpan<double> d)
    {
        int o = 0;
        foreach (var p in parameters)
        {
            var s = p.Span;
            for (int i = 0; i < s.Length; i++) s[i] += d[o + i];
            o += s.Length;
        }
    }
}

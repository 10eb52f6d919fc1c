using System.Numerics;
using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;
using static Tdlab.Experiments.EdgeOfStability.EdgeOfStabilityMetrics;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// Gradient descent at the edge of stability (Cohen, Kaur, Li, Kolter and Talwalkar 2021; seed 000 topic 11, "local Lipschitz
/// constant of the gradient (the maximum eigenvalue of the Hessian)"): full-batch GD with step eta on a tanh MLP first
/// sharpens (lambda_max rises: progressive sharpening), then lambda_max hovers at 2/eta while the loss keeps falling,
/// non-monotonically; heavy-ball momentum hovers at 2(1 + beta)/eta; gradient flow, the eta -> 0 limit, keeps sharpening past
/// every 2/eta. The sharpness is the top eigenvalue of the full-batch Hessian by warm-started Lanczos on exact HVPs. All in float64.
/// </summary>
public sealed partial class EdgeOfStabilityExperiment : Experiment<EdgeOfStabilityConfig, EdgeOfStabilityRun>
{
    public override string Name => "edge-of-stability";

    public override string Title => "Edge of stability: sharpness rises to 2/η and hovers there while the loss falls";

    public override string SeedReference => "seed 000 (topic 11: the local Lipschitz constant of the gradient, the maximum Hessian eigenvalue; Cohen et al. 2021)";

    public override MetricSet Metrics => All;

    /// <summary>
    /// A far smaller problem than the paper's: 250 Fashion-MNIST images pooled to 7 x 7, a 49-32-32-10 tanh MLP, three
    /// seeds (see docs/families/edge-of-stability.md for its cost).
    /// </summary>
    public override EdgeOfStabilityConfig Quick => new()
    {
        Seeds = 3, Examples = 250, Pool = 4, Width = 32, Steps = 3000, SharpnessEvery = 25,
        LearningRates = [2.0 / 10, 2.0 / 15, 2.0 / 20], MomentumLearningRates = [2.0 * 1.9 / 20],
    };

    /// <summary>
    /// The paper's scale on Fashion-MNIST: 5,000 images (784 pixels), tanh 2 x 200; 2/eta = 60, 80, 100 (at least 2.4 lambda(0):
    /// the full net starts at lambda(0) = 24.9 for seed 0, above the paper's 2/eta = 30), momentum 2 (1 + 0.9)/eta = 100. In
    /// float32 as the paper ran (2.2x cheaper steps, 1.6x cheaper HVPs than float64 here); Lanczos to a Ritz residual of 3e-4 ||T||
    /// (about 10 HVPs per warm-started estimate instead of 12; the check asks 1e-3); the flow with RK4 step 1/lambda (the authors'
    /// flow.py default alpha = 1, RK4 being stable up to 2.79/lambda) and stopped once lambda passes 1.2 * 2/eta_min, where the
    /// flow claim (&gt; 1.1) is decided for the seed. Measured costs: docs/families/edge-of-stability.md.
    /// </summary>
    public override EdgeOfStabilityConfig Full => new()
    {
        Seeds = 3, Examples = 5000, Pool = 1, Width = 200, Steps = 8000, SharpnessEvery = 50,
        LearningRates = [2.0 / 60, 2.0 / 80, 2.0 / 100], MomentumLearningRates = [2.0 * 1.9 / 100],
        Precision = Precision.Float32, LanczosTolerance = 3e-4, FlowStepFactor = 1.0, FlowStop = 1.2,
    };

    public override void Validate(EdgeOfStabilityConfig c)
    {
        FixedSubset.Validate(c.Data, c.Examples, c.Pool);
        if (c.Precision == Precision.None) throw new BadInputException("precision must be float32 or float64");
        if (c.FlowStop <= FlowPastFactor)
            throw new BadInputException($"flow-stop must exceed {FlowPastFactor} (the flow claim's factor), or the flow stops before its claim is decided");
    }

    /// <summary>
    /// The flow first, then GD and momentum per step size. The flow is the longest run (full preset: about 1,450 CPU-s
    /// against 400 for a GD run), so the sweep, which runs the grid in order, starts the flows first and the shorter runs
    /// fill the other core: on 2 cores the flows last cost 91 minutes of wall time, the last flow running alone for 20
    /// (2026-12-02), where about 74 minutes of CPU per core was needed.
    /// </summary>
    public override IEnumerable<EdgeOfStabilityRun> Grid(EdgeOfStabilityConfig c)
    {
        if (c.Flow) yield return new EdgeOfStabilityRun(c) { Method = EosMethod.Flow, LearningRate = c.LearningRates.Min() };
        foreach (double eta in c.LearningRates) yield return new EdgeOfStabilityRun(c) { Method = EosMethod.Gd, LearningRate = eta };
        foreach (double eta in c.MomentumLearningRates) yield return new EdgeOfStabilityRun(c) { Method = EosMethod.Momentum, LearningRate = eta };
    }

    public override void Run(RunContext<EdgeOfStabilityRun> ctx)
    {
        if (ctx.Config.Precision == Precision.Float32) Run<float>(ctx);
        else Run<double>(ctx);
    }

    private static void Run<T>(RunContext<EdgeOfStabilityRun> ctx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var data = FixedSubset.Load(ctx, c.Data, c.Examples, c.Pool, c.SyntheticDim);
        var problem = new EosProblem<T>(data, Mlp.Build<T>(data.Dim, Enumerable.Repeat(c.Width, c.Depth).ToArray(), data.Classes, ctx.Shared("net", "init"), Activation.Tanh));
        var tracker = new SharpnessTracker<T>(problem, c.LanczosTolerance, ctx.Rng.Child("lanczos"));
        if (c.Method == EosMethod.Flow) Flow(ctx, problem, tracker);
        else Descend(ctx, problem, tracker);
    }

    /// <summary>
    /// Full-batch GD, w &lt;- w - eta grad L, or heavy ball, v &lt;- beta v - eta grad L, w &lt;- w + v (Polyak 1964; Cohen et al.'s
    /// appendix: its stability threshold is 2(1 + beta)/eta). The loss at every step, the sharpness on the schedule.
    /// </summary>
    private static void Descend<T>(RunContext<EdgeOfStabilityRun> ctx, EosProblem<T> problem, SharpnessTracker<T> tracker)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var parameters = problem.Parameters;
        T eta = T.CreateTruncating(c.LearningRate), beta = T.CreateTruncating(c.Momentum);
        List<Tensor<T>>? velocity = null;
        if (c.Method == EosMethod.Momentum)
            using (TensorScope.Suspend()) velocity = parameters.Select(p => Tensor.Zeros<T>(p.Shape)).ToList();
        for (int t = 0; t <= c.Steps; t++)
        {
            using var scope = TensorScope.Begin();
            using var rec = Autograd.EnableGrad();
            var f = problem.Model.Forward(problem.X);
            var loss = problem.LossOf(f);
            ctx.Log(t, EdgeOfStabilityMetrics.Loss, loss.ItemDouble());
            if (t % c.SharpnessEvery == 0 || t == c.Steps) LogSharpness(ctx, t, tracker);
            if (t == c.Steps)
            {
                ctx.Log(t, Accuracy, Nn.Loss.Accuracy(f, problem.Labels));
                break;
            }

            var grads = Autograd.Grad([loss], parameters);
            for (int i = 0; i < parameters.Count; i++)
            {
                if (velocity is null)
                {
                    parameters[i].AddInPlace(grads[i], -eta);
                    continue;
                }

                velocity[i].ScaleInPlace(beta);
                velocity[i].AddInPlace(grads[i], -eta);
                parameters[i].AddInPlace(velocity[i], T.One);
            }

            if (t % 100 == 0) ctx.Progress(t, c.Steps, "steps");
        }
    }

    /// <summary>
    /// Gradient flow dw/dt = -grad L by classical RK4 with step h = flow-step-factor / lambda, lambda the latest sharpness
    /// (re-estimated every sharpness-every RK4 steps), until t reaches eta_min * steps, or lambda passes flow-stop * 2/eta_min (past every
    /// threshold of the sweep), or 20 * steps RK4 steps.
    /// </summary>
    private static void Flow<T>(RunContext<EdgeOfStabilityRun> ctx, EosProblem<T> problem, SharpnessTracker<T> tracker)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var w0 = FlatParameters.Get(problem.Parameters);
        int n = w0.Length;
        var k = new double[4][];
        double time = 0, sharpness = double.NaN, stopAt = c.FlowStop * 2 / c.LearningRate;
        int maxSteps = 20 * c.Steps;
        for (int step = 0; ; step++)
        {
            double loss = FlowGradient(problem, w0, null, 0, out k[0]);
            ctx.Log(step, EdgeOfStabilityMetrics.Loss, loss);
            ctx.Log(step, Time, time);
            if (step % c.SharpnessEvery == 0) sharpness = LogSharpness(ctx, step, tracker);
            if (time >= c.FlowTime || sharpness >= stopAt || step >= maxSteps)
            {
                if (step % c.SharpnessEvery != 0) LogSharpness(ctx, step, tracker);
                using (TensorScope.Begin()) ctx.Log(step, Accuracy, Nn.Loss.Accuracy(problem.Model.Forward(problem.X), problem.Labels));
                return;
            }

            double h = Math.Min(c.FlowStepFactor / sharpness, c.FlowTime - time);
            FlowGradient(problem, w0, k[0], h / 2, out k[1]);
            FlowGradient(problem, w0, k[1], h / 2, out k[2]);
            FlowGradient(problem, w0, k[2], h, out k[3]);
            for (int i = 0; i < n; i++) w0[i] += h / 6 * (k[0][i] + 2 * k[1][i] + 2 * k[2][i] + k[3][i]);     // RK4
            FlatParameters.Set(problem.Parameters, w0);
            time += h;
            if (step % 100 == 0) ctx.Progress((int)(100 * time / c.FlowTime), 100, "% of flow time");
        }
    }

    /// <summary>Sets w = w0 + a * dir (w0 when dir is null), returns L(w) and -grad L(w) in minusGrad.</summary>
    private static double FlowGradient<T>(EosProblem<T> problem, double[] w0, double[]? dir, double a, out double[] minusGrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = (double[])w0.Clone();
        if (dir is not null)
            for (int i = 0; i < w.Length; i++) w[i] += a * dir[i];
        FlatParameters.Set(problem.Parameters, w);
        using var scope = TensorScope.Begin();
        using var rec = Autograd.EnableGrad();
        var loss = problem.LossOf(problem.Model.Forward(problem.X));
        var grads = Autograd.Grad([loss], problem.Parameters);
        minusGrad = FlatParameters.Flatten(grads);
        for (int i = 0; i < minusGrad.Length; i++) minusGrad[i] = -minusGrad[i];
        return loss.ItemDouble();
    }

    private static double LogSharpness<T>(RunContext ctx, int step, SharpnessTracker<T> tracker) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var top = tracker.Estimate();
        ctx.Log(step, Sharpness, top.Top);
        ctx.Log(step, SharpnessResidual, top.Residuals[0] / Math.Abs(top.Top));
        ctx.Log(step, Hvps, top.Products);
        return top.Top;
    }
}

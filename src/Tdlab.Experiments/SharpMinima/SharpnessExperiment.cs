using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Training;
using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// Sharp and flat minima (seed 000 topics 5, 11 and 23): SGD with a small and a large (full) batch from the same net, each
/// trained to the same training loss, then at the solution the top Hessian eigenvalue (Lanczos on exact HVPs), the Hessian
/// trace (Hutchinson) and the largest stable GD step, compared with 2 / lambda_max (the step bound of a beta-smooth function,
/// beta = lambda_max locally). Keskar et al. (2017): large batches end in sharper minima. All in float64.
/// </summary>
public sealed partial class SharpnessExperiment : Experiment<SharpnessConfig, SharpnessRun>
{
    public override string Name => "sharpness";

    public override string Title => "Sharp and flat minima: small vs large batch, and the largest stable step 2/λ_max";

    public override string SeedReference => "seed 000 (topics 5, 11, 23: Lipschitz gradient, the maximum Hessian eigenvalue, wide/sharp minima; Keskar et al. 2017)";

    public override MetricSet Metrics => All;

    public override SharpnessConfig Quick => new() { Seeds = 3 };

    public override SharpnessConfig Full => new() { Seeds = 5, Examples = 5000, Pool = 1, Width = 200, BatchSizes = [32, 0], MaxSteps = 200_000 };

    public override void Validate(SharpnessConfig c)
    {
        FixedSubset.Validate(c.Data, c.Examples, c.Pool);
    }

    public override IEnumerable<SharpnessRun> Grid(SharpnessConfig c) => c.BatchSizes.Select(b => new SharpnessRun(c) { BatchSize = b });

    public override void Run(RunContext<SharpnessRun> ctx)
    {
        var c = ctx.Config;
        var data = FixedSubset.Load(ctx, c.Data, c.Examples, c.Pool, c.SyntheticDim);
        var model = Mlp.Build<double>(data.Dim, Enumerable.Repeat(c.Width, c.Depth).ToArray(), data.Classes, ctx.Shared("net", "init"), Activation.Tanh);
        var parameters = model.Parameters().ToList();
        var batches = new Minibatches(data.Count, c.EffectiveBatch, ctx.Rng.Child("batches"));
        int step = 0;
        bool reached = false;
        for (; step <= c.MaxSteps; step++)
        {
            using var scope = TensorScope.Begin();
            if (step % c.EvalEvery == 0)
            {
                double full = FullLoss(model, data);
                ctx.Log(step, SharpnessMetrics.Loss, full);
                if (full <= c.TargetLoss)
                {
                    reached = true;
                    break;
                }
            }

            if (step == c.MaxSteps) break;
            var rows = batches.Next();
            using var rec = Autograd.EnableGrad();
            var loss = Nn.Loss.CrossEntropy(model.Forward(Rows(data.X, rows)), Labels(data.Labels, rows));
            var grads = Autograd.Grad([loss], parameters);
            for (int i = 0; i < parameters.Count; i++) parameters[i].AddInPlace(grads[i], -c.LearningRate);
            if (step % 500 == 0) ctx.Progress(step, c.MaxSteps, "steps (at most)");
        }

        ctx.Log(step, Reached, reached ? 1 : 0);
        MeasureSolution(ctx, step, model, data);
    }

    /// <summary>lambda_max, tr H and the largest stable GD step at the current parameters (the solution).</summary>
    private static void MeasureSolution(RunContext<SharpnessRun> ctx, int step, Module<double> model, FixedSubset data)
    {
        var c = ctx.Config;
        var op = new HessianOperator<double>(model, new CurvatureBatch<double>(data.X, f => Nn.Loss.CrossEntropy(f, data.Labels)), BatchNormMode.Train);
        var top = TopEigenpairs.Estimate(op, 1, ctx.Rng.Child("lanczos"), Math.Min(200, op.Dimension), tolerance: 1e-8);
        var trace = HutchinsonTrace.Estimate(op, ctx.Rng.Child("hutchinson"), c.TraceRelativeError, minSamples: 20, maxSamples: 500);
        ctx.Log(step, Sharpness, top.Top);
        ctx.Log(step, SharpnessResidual, top.Residuals[0] / Math.Abs(top.Top));
        ctx.Log(step, Trace, trace.Trace);
        ctx.Log(step, TraceError, trace.StandardError);
        ctx.Log(step, Hvps, top.Products + trace.Products);
        ctx.Log(step, StableStep, StabilityProbe.LargestStableStep(model, data, top.Top, c.StabilitySteps, c.BisectionSteps));
    }

    internal static double FullLoss(Module<double> model, FixedSubset data)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Autograd.NoGrad();
        return Nn.Loss.CrossEntropy(model.Forward(data.X), data.Labels).ItemDouble();
    }

    private static Tensor<double> Rows(Tensor<double> x, ReadOnlySpan<int> rows)
    {
        int d = x.Shape[1];
        var t = Tensor.Empty<double>(rows.Length, d);
        for (int i = 0; i < rows.Length; i++) x.Span.Slice(rows[i] * d, d).CopyTo(t.Span.Slice(i * d, d));
        return t;
    }

    private static int[] Labels(int[] labels, ReadOnlySpan<int> rows)
    {
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) y[i] = labels[rows[i]];
        return y;
    }
}

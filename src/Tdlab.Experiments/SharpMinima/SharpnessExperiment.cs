using System.Numerics;
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

    public override SharpnessConfig Quick => new() { Seeds = 3, OutlierClasses = [2, 5, 10], Methods = AllMethods };

    /// <summary>
    /// 5,000 images at 784 pixels, 784-200-200-10, batch 32 vs the full batch, 5 seeds, both sub-studies; training in float32 (2.2x
    /// cheaper full-batch steps), every measurement in float64. Measured costs: docs/families/sharpness.md.
    /// </summary>
    public override SharpnessConfig Full => new()
    {
        Seeds = 5, Examples = 5000, Pool = 1, Width = 200, BatchSizes = [32, 0], MaxSteps = 200_000, OutlierClasses = [2, 5, 10], Methods = AllMethods,
        Precision = Precision.Float32,
    };

    private static readonly OptimizerMethod[] AllMethods = [OptimizerMethod.Gd, OptimizerMethod.Adam, OptimizerMethod.GaussNewton, OptimizerMethod.Newton];

    public override void Validate(SharpnessConfig c)
    {
        FixedSubset.Validate(c.Data, c.Examples, c.Pool);
        if (c.Precision == Precision.None) throw new BadInputException("precision must be float32 or float64");
        if (c.Methods.Contains(OptimizerMethod.None)) throw new BadInputException("methods: none is not an optimiser (leave methods empty to switch the sub-study off)");
        if (c.OutlierClasses.Distinct().Count() != c.OutlierClasses.Length) throw new BadInputException("outlier-classes: each number of classes once");
        if (c.Methods.Distinct().Count() != c.Methods.Length) throw new BadInputException("methods: each optimiser once");
    }

    public override IEnumerable<SharpnessRun> Grid(SharpnessConfig c) =>
        c.BatchSizes.Select(b => new SharpnessRun(c) { BatchSize = b })
            .Concat(c.OutlierClasses.Select(k => new SharpnessRun(c) { Classes = k }))
            // the second-order study trains its 57-parameter net in float64 whatever precision says, so its runs say float64 (their ids)
            .Concat(c.Methods.Select(m => new SharpnessRun(c) { Method = m, Precision = Precision.Float64 }));

    public override void Run(RunContext<SharpnessRun> ctx)
    {
        switch (ctx.Config.Study)
        {
            case SharpnessStudy.Outliers:
                OutlierStudy.Run(ctx);
                return;
            case SharpnessStudy.SecondOrder:
                SecondOrderStudy.Run(ctx);
                return;
        }

        var c = ctx.Config;
        var data = FixedSubset.Load(ctx, c.Data, c.Examples, c.Pool, c.SyntheticDim);
        var model = Mlp.Build<double>(data.Dim, Enumerable.Repeat(c.Width, c.Depth).ToArray(), data.Classes, ctx.Shared("net", "init"), Activation.Tanh);
        var (step, reached) = c.Precision == Precision.Float32
            ? TrainInFloat32(ctx, model, data.X, data.Labels, c.EffectiveBatch)
            : TrainToTarget(ctx, model, data.X, data.Labels, c.EffectiveBatch);
        ctx.Log(step, Reached, reached ? 1 : 0);
        MeasureSolution(ctx, step, model, data);
    }

    /// <summary>
    /// Trains a float32 copy of the float64 model (the same initial net, built from the same members and rounded) to the target
    /// and writes its weights back into the float64 model, where the measurements (Lanczos to 1e-8, Hutchinson, the stable step)
    /// stay in float64: a float32 Hessian-vector product has a relative error near 1e-7, above the 1e-8 Lanczos tolerance.
    /// </summary>
    internal static (int Step, bool Reached) TrainInFloat32(RunContext<SharpnessRun> ctx, Module<double> model, Tensor<double> x, int[] labels, int batch)
    {
        var c = ctx.Config;
        int classes = model.Parameters().Last().Length;
        var single = Mlp.Build<float>(x.Shape[1], Enumerable.Repeat(c.Width, c.Depth).ToArray(), classes, ctx.Rng.Child("float32"), Activation.Tanh);
        single.CopyParametersFrom(model);
        var outcome = TrainToTarget(ctx, single, x.Cast<float>(), labels, batch);
        model.CopyParametersFrom(single);
        return outcome;
    }

    /// <summary>
    /// SGD with the run's step size and the given batch on cross-entropy until the full-batch loss (every eval-every steps) is at
    /// most the target or max-steps; returns the last step and whether the target was reached.
    /// </summary>
    internal static (int Step, bool Reached) TrainToTarget<T>(RunContext<SharpnessRun> ctx, Module<T> model, Tensor<T> x, int[] labels, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var parameters = model.Parameters().ToList();
        var batches = new Minibatches(labels.Length, batch, ctx.Rng.Child("batches"));
        T eta = T.CreateTruncating(c.LearningRate);
        int step = 0;
        for (; step <= c.MaxSteps; step++)
        {
            using var scope = TensorScope.Begin();
            if (step % c.EvalEvery == 0)
            {
                double full = FullLoss(model, x, labels);
                ctx.Log(step, SharpnessMetrics.Loss, full);
                if (full <= c.TargetLoss) return (step, true);
            }

            if (step == c.MaxSteps) break;
            var rows = batches.Next();
            using var rec = Autograd.EnableGrad();
            var loss = Nn.Loss.CrossEntropy(model.Forward(Rows(x, rows)), Labels(labels, rows));
            var grads = Autograd.Grad([loss], parameters);
            for (int i = 0; i < parameters.Count; i++) parameters[i].AddInPlace(grads[i], -eta);
            if (step % 500 == 0) ctx.Progress(step, c.MaxSteps, "steps (at most)");
        }

        return (step, false);
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

    internal static double FullLoss(Module<double> model, FixedSubset data) => FullLoss(model, data.X, data.Labels);

    internal static double FullLoss<T>(Module<T> model, Tensor<T> x, int[] labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Autograd.NoGrad();
        return Nn.Loss.CrossEntropy(model.Forward(x), labels).ItemDouble();
    }

    internal static Tensor<T> Rows<T>(Tensor<T> x, ReadOnlySpan<int> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Shape[1];
        var t = Tensor.Empty<T>(rows.Length, d);
        for (int i = 0; i < rows.Length; i++) x.Span.Slice(rows[i] * d, d).CopyTo(t.Span.Slice(i * d, d));
        return t;
    }

    internal static int[] Labels(int[] labels, ReadOnlySpan<int> rows)
    {
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) y[i] = labels[rows[i]];
        return y;
    }
}

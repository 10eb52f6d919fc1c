using System.Numerics;
using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Training;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.Isometry;

/// <summary>
/// Dynamical isometry in deep feed-forward nets (seed 000 topic 2; seed 004; Saxe et al. 2014; Pennington,
/// Schoenholz and Ganguli 2017). For each (activation, initialisation, depth L) a square MLP
/// x (n) -> [Linear(n, n), phi] x L -> Linear(n, classes); the probe is the spectrum of the hidden stack's
/// input-output Jacobian J = D_L W_L ... D_1 W_1 at random inputs of the fixed-point scale. At the training
/// depth the nets are also trained with the same data, minibatch order and steps, logging per-layer weight
/// gradient norms during the first steps and the training loss.
/// </summary>
public sealed partial class IsometryExperiment : Experiment<IsometryConfig, IsometryRun>
{
    public override string Name => "isometry";

    public override string Title => "Dynamical isometry: Jacobian spectra of deep linear, tanh and ReLU nets, Gaussian vs orthogonal";

    public override string SeedReference => "seed 000 (topic 2: dynamical isometry); seed 004 (critical tanh initialisation, chi = 1, q*)";

    public override MetricSet Metrics => IsometryMetrics.All;

    /// <summary>
    /// Width 128 as issue 5 specifies; 5 seeds so that every claim can decide; the training comparison at depth 50 for tanh
    /// only, each init at three learning rates (issue 11), on 512 training examples.
    /// </summary>
    public override IsometryConfig Quick => new()
    {
        Seeds = 5, Width = 128, SpectrumInputs = 4, TrainSize = 512, TrainDepth = 50, TrainActivations = [Nonlinearity.Tanh],
        LearningRates = [0.001, 0.003, 0.01],
    };

    public override IsometryConfig Full => new()
    {
        Seeds = 5, Depths = [10, 50, 100, 200], Width = 400, SpectrumInputs = 4, Steps = 1000, BatchSize = 64,
        TrainSize = 4096, TestSize = 1024, Classes = 10, EvalEvery = 50, GradientSteps = 10, TrainActivations = [Nonlinearity.Tanh],
        LearningRates = [0.0003, 0.001, 0.003, 0.01],
    };

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("Data: a synthetic Gaussian mixture in n dimensions (4 classes; full preset 10) instead of a real task (fashion-mnist or an IDX folder with data=)",
            "the quick preset must run in seconds on 2 cores; both inits see the same examples and minibatch order"),
        new("Scale: width 128 (full 400), depths 10, 50, 100 (full up to 200), 200 SGD steps (full 1000), against the seed's 50-100 layer nets and the 10,000-layer nets of the literature",
            "Jacobian spectra of every depth and init at the cost of a few seconds; the training comparison at depth 100 (quick preset 50 since 2026-12-01, see below)"),
        new("Optimiser: SGD with heavy-ball momentum 0.9, each init trained at every rate of a small learning-rate sweep (quick 0.001, 0.003, 0.01; full 0.0003, 0.001, 0.003, 0.01) " +
            "and compared at its best (first declared: one rate 0.001 for both inits, tuned at quick scale only; the sweep since 2026-12-01, see below)",
            "one optimiser and one set of rates for both inits keeps the comparison paired"),
        new("Initialisations: besides relu with Kaiming Gaussian vs orthogonal weights (the seed's pair), linear nets (sigma_w = 1) and tanh at the critical scales chi = 1 of the fixed point q* (seed 004, Pennington et al. 2017)",
            "the seed's expected spectra are those of the critical tanh and linear nets; relu cannot reach isometry (Pennington et al. 2017)"),
        new("Quick preset width raised from 64 to 128",
            "the issue asks for width 128; 64 had been chosen for time under heavy machine load", "2026-11-22"),
        new("Training comparison: each init at its best of a small learning-rate sweep (quick 0.001, 0.003, 0.01; full 0.0003 to 0.01) instead of one shared rate; quick preset trains at depth 50 instead of 100, 5 seeds instead of 2",
            "issue 11: a shared rate tuned for one init favours it; depth 50 keeps 30 trained nets within the quick preset's time, 5 seeds let the claims decide", "2026-12-01"),
        new("relu training comparison dropped from the presets (train-activations=tanh,relu still runs it)",
            "at quick scale neither relu init trained (final loss 1.22 and 1.34 nats against ln 4 = 1.39 at the start), so the comparison said nothing about isometry", "2026-12-01"),
        new("Gaussian growth and orthogonal concentration claims replaced by growth laws: the exponent of s_max^2 in depth for Gaussian critical tanh, and s_max bounded below 2 at every depth for orthogonal",
            "issue 11: an ordering between consecutive depths cannot distinguish linear from exponential growth; decided before the new runs", "2026-12-01"),
    ];

    public override void Validate(IsometryConfig c)
    {
        if (c.Precision == Precision.None)
            throw new BadInputException("precision must be float32 or float64");
        if (c.TrainActivations.Length > 0 && !c.Depths.Contains(c.TrainDepth))
            throw new BadInputException($"train-depth {c.TrainDepth} is not one of the depths [{string.Join(", ", c.Depths)}]");
        if (c.TrainSize < c.BatchSize)
            throw new BadInputException($"train-size {c.TrainSize} is smaller than batch-size {c.BatchSize}");
        ClassificationTask.Validate(c.Data);
    }

    /// <summary>The float64 net for the spectrum, its (inputs x n, n) Jacobian and SVD work, and the training batch.</summary>
    public override long MemoryEstimate(IsometryRun r) =>
        Common.MemoryEstimate.Mlp(r.Width, r.Width, r.Depth, r.Classes, Math.Max(r.BatchSize, r.SpectrumInputs * r.Width), 8)
        + 8L * 3 * r.SpectrumInputs * r.Width * r.Width;

    public override IEnumerable<IsometryRun> Grid(IsometryConfig c) =>
        from act in c.Activations
        from init in c.Inits
        from depth in c.Depths
        let trains = depth == c.TrainDepth && c.TrainActivations.Contains(act) && c.Steps > 0
        from lr in trains ? c.TrainLearningRates : [0.0]
        select new IsometryRun(c)
        {
            Activation = act, Init = init, Depth = depth, QStar = act == Nonlinearity.Tanh ? c.QStar : 0,
            Steps = trains ? c.Steps : 0, BatchSize = trains ? c.BatchSize : 0, LearningRate = lr,
            Momentum = trains ? c.Momentum : 0, GradientSteps = trains ? c.GradientSteps : 0, EvalEvery = trains ? c.EvalEvery : 0,
            Precision = trains ? c.Precision : Precision.None,
        };

    public override void Run(RunContext<IsometryRun> ctx)
    {
        var c = ctx.Config;
        var scales = Scales(c);
        var data = ScaledData(ctx, scales.InputMeanSquare);

        // Spectrum at initialisation in float64 at random inputs x ~ N(0, m I), m the fixed-point mean square.
        var init = BuildModel<double>(c, data.Train.Dim, data.Train.Classes, ctx.Shared("model", "weights"), scales);
        var inputs = Tensor.Normal<double>(ctx.Rng.Child("jacobian-inputs"), new Shape(c.SpectrumInputs, data.Train.Dim), 0, Math.Sqrt(scales.InputMeanSquare));
        LogSpectrum(ctx, init, inputs, c.Depth, 0);
        if (!c.Trains)
        {
            LogGradientNorms(ctx, init, data.Train, 0);
            return;
        }

        if (c.Precision == Precision.Float64) Train(ctx, init, data, inputs);
        else Train(ctx, ToFloat(init, c, data.Train.Dim, data.Train.Classes), data, inputs.Cast<float>());
    }

    /// <summary>
    /// Minibatch SGD with momentum for c.Steps steps; the minibatch order depends on the replicate only. The gradient-norm
    /// profile is taken before each of the first gradient-steps + 1 steps, the training loss every eval-every steps.
    /// </summary>
    private static void Train<T>(RunContext<IsometryRun> ctx, Sequential<T> model, DataSplit data, Tensor<T> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var batches = new Minibatches(data.Train.Count, c.BatchSize, ctx.Shared("order", "minibatches"));
        var loop = new TrainingLoop<T>(new Sgd<T>(model.Parameters(), c.LearningRate, c.Momentum))
        {
            ReportTo = ctx,
            BeforeStep = step =>
            {
                if (step <= c.GradientSteps + 1) LogGradientNorms(ctx, model, data.Train, step - 1);
            },
            Loss = _ =>
            {
                var rows = batches.Next();
                return Loss.CrossEntropy(model.Forward(data.Train.X<T>(rows)), data.Train.LabelsOf(rows));
            },
            Diverged = (_, step, loss) => ctx.Diverge(step, $"minibatch loss {loss} at step {step}"),
            AfterStep = (step, _, _) =>
            {
                if (step % c.EvalEvery == 0 || step == c.Steps) LogEvaluation(ctx, model, data, step, withTest: step == c.Steps);
            },
        };
        LogEvaluation(ctx, model, data, 0, withTest: true);
        loop.Run(1, c.Steps, ctx.Cancellation);
        LogSpectrum(ctx, model, inputs, c.Depth, c.Steps);
    }

    /// <summary>Spectrum summaries as metrics and all singular values as singular-values-STEP.npy.</summary>
    private static void LogSpectrum<T>(RunContext ctx, Sequential<T> model, Tensor<T> inputs, int depth, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = JacobianSpectrum.OfMlp(model, inputs, layers: 2 * depth);
        ctx.Log(step, IsometryMetrics.MeanSquared, s.MeanSquared);
        ctx.Log(step, IsometryMetrics.Max, s.Max);
        ctx.Log(step, IsometryMetrics.Min, s.Min);
        ctx.Log(step, IsometryMetrics.Condition, s.ConditionNumber);
        ctx.Log(step, IsometryMetrics.IsometryError, s.IsometryError);
        ctx.Log(step, IsometryMetrics.Q05, s.Quantile(0.05));
        ctx.Log(step, IsometryMetrics.Q50, s.Quantile(0.5));
        ctx.Log(step, IsometryMetrics.Q95, s.Quantile(0.95));
        ctx.Log(step, IsometryMetrics.Spread, s.Spread);
        ctx.Log(step, IsometryMetrics.ZeroFraction, s.ZeroFraction);
        ctx.LogArray(SpectrumArray, step, s.SingularValues, s.Count);
        ctx.ThrowIfCancelled();
    }

    /// <summary>||dL/dW_l|| of every Linear layer (l = 1..L+1) on a fixed batch of the first training rows.</summary>
    private static void LogGradientNorms<T>(RunContext ctx, Sequential<T> model, Dataset train, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = Enumerable.Range(0, Math.Min(ProbeRows, train.Count)).ToArray();
        var labels = train.LabelsOf(rows);
        using var scope = TensorScope.Begin();
        var norms = LayerStatistics.WeightGradientNorms(model, train.X<T>(rows), logits => Loss.CrossEntropy(logits, labels));
        for (int l = 0; l < norms.Length; l++) ctx.Log(step, IsometryMetrics.WeightGradientNorm.At(l + 1), norms[l]);
    }

    /// <summary>Loss and accuracy over the whole training set (and the test accuracy when asked).</summary>
    private static void LogEvaluation<T>(RunContext ctx, Sequential<T> model, DataSplit data, int step, bool withTest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (loss, accuracy) = Classifier.Evaluate(model, data.Train);
        ctx.Log(step, IsometryMetrics.Accuracy, accuracy);
        ctx.Log(step, IsometryMetrics.Loss, loss);
        if (withTest) ctx.Log(step, IsometryMetrics.TestAccuracy, Classifier.Evaluate(model, data.Test).Accuracy);
    }

    /// <summary>The logged array of singular values.</summary>
    public const string SpectrumArray = "singular-values";

    /// <summary>Rows of the gradient-norm probe batch.</summary>
    public const int ProbeRows = 128;
}

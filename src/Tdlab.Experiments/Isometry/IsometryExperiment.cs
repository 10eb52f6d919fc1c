using System.Numerics;
using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
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

    /// <summary>Width 128 as issue 5 specifies; 512 training examples keep the family at ~12 s on 2 idle cores.</summary>
    public override IsometryConfig Quick => new() { Seeds = 2, Width = 128, SpectrumInputs = 4, TrainSize = 512 };

    public override IsometryConfig Full => new()
    {
        Seeds = 3, Depths = [10, 50, 100, 200], Width = 400, SpectrumInputs = 4, Steps = 1000, BatchSize = 64,
        TrainSize = 4096, TestSize = 1024, Classes = 10, EvalEvery = 50, GradientSteps = 10,
    };

    private static readonly string[] KnownActivations = ["linear", "tanh", "relu"];

    public override void Validate(IsometryConfig c)
    {
        if (c.Depths.Length == 0 || c.Depths.Any(d => d < 1) || c.Width < 2 || c.SpectrumInputs < 1)
            throw new BadInputException("depths must be positive (at least one), width >= 2 and spectrum-inputs >= 1");
        foreach (var a in c.Activations.Concat(c.TrainActivations))
            if (!KnownActivations.Contains(a))
                throw new BadInputException($"unknown activation '{a}'; valid: {string.Join(", ", KnownActivations)}");
        foreach (var i in c.Inits)
            if (i is not (IsometryRun.Gaussian or IsometryRun.Orthogonal))
                throw new BadInputException($"unknown init '{i}'; valid: gaussian, orthogonal");
        if (!(c.QStar > 0) || !double.IsFinite(c.QStar))
            throw new BadInputException($"q-star must be positive, got {c.QStar}");
        if (c.TrainActivations.Length > 0 && !c.Depths.Contains(c.TrainDepth))
            throw new BadInputException($"train-depth {c.TrainDepth} is not one of the depths [{string.Join(", ", c.Depths)}]");
        if (c.Steps < 0 || c.BatchSize < 1 || c.EvalEvery < 1 || c.GradientSteps < 0 || c.Classes < 2)
            throw new BadInputException("steps and gradient-steps must be >= 0, batch-size and eval-every >= 1, classes >= 2");
        if (c.TrainSize < c.BatchSize)
            throw new BadInputException($"train-size {c.TrainSize} is smaller than batch-size {c.BatchSize}");
        if (c.Precision is not ("float32" or "float64"))
            throw new BadInputException($"precision must be float32 or float64, got '{c.Precision}'");
        ClassificationTask.Validate(c.Data);
    }

    public override IEnumerable<IsometryRun> Grid(IsometryConfig c) =>
        from act in c.Activations
        from init in c.Inits
        from depth in c.Depths
        let trains = depth == c.TrainDepth && c.TrainActivations.Contains(act) && c.Steps > 0
        select new IsometryRun(act, init, depth, c.Width, act == "tanh" ? c.QStar : 0, c.SpectrumInputs,
            c.Data, c.TrainSize, c.TestSize, c.Classes,
            trains ? c.Steps : 0, trains ? c.BatchSize : 0, trains ? c.LearningRate : 0, trains ? c.Momentum : 0,
            trains ? c.GradientSteps : 0, trains ? c.EvalEvery : 0, trains ? c.Precision : "");

    public override void Run(RunContext<IsometryRun> ctx)
    {
        var c = ctx.Config;
        var scales = Scales(c);
        var data = ScaledData(c, ctx.Replicate, scales.InputMeanSquare);

        // Spectrum at initialisation in float64 at random inputs x ~ N(0, m I), m the fixed-point mean square.
        var init = BuildModel<double>(c, data.Train.Dim, data.Train.Classes, ctx.Replicate, scales);
        var inputs = Tensor.Normal<double>(ctx.Rng.Child("jacobian-inputs"), new Shape(c.SpectrumInputs, data.Train.Dim), 0, Math.Sqrt(scales.InputMeanSquare));
        LogSpectrum(ctx, init, inputs, c.Depth, 0);
        if (!c.Trains)
        {
            LogGradientNorms(ctx, init, data.Train, 0);
            return;
        }

        if (c.Precision == "float64") Train(ctx, init, data, inputs);
        else Train(ctx, ToFloat(init, c, data.Train.Dim, data.Train.Classes), data, inputs.Cast<float>());
    }

    /// <summary>Minibatch SGD with momentum for c.Steps steps; the minibatch order depends on the replicate only.</summary>
    private static void Train<T>(RunContext<IsometryRun> ctx, Sequential<T> model, DataSplit data, Tensor<T> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var optimizer = new Sgd<T>(model.Parameters(), c.LearningRate, c.Momentum);
        var order = new Rng(Seeds.Derive(Seeds.Hash("isometry/order"), ctx.Replicate), "minibatches");
        int[] perm = order.Permutation(data.Train.Count);
        int cursor = 0;
        LogEvaluation(ctx, model, data, 0, withTest: true);
        for (int step = 1; step <= c.Steps; step++)
        {
            if (step <= c.GradientSteps + 1) LogGradientNorms(ctx, model, data.Train, step - 1);
            if (cursor + c.BatchSize > perm.Length) (perm, cursor) = (order.Permutation(data.Train.Count), 0);
            using (TensorScope.Begin())
            {
                var rows = perm.AsSpan(cursor, c.BatchSize);
                var loss = Loss.CrossEntropy(model.Forward(data.Train.X<T>(rows)), data.Train.LabelsOf(rows));
                if (!T.IsFinite(loss.Item())) ctx.Diverge(step, $"minibatch loss {loss.Item()} at step {step}");
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            }

            cursor += c.BatchSize;
            if (step % c.EvalEvery == 0 || step == c.Steps) LogEvaluation(ctx, model, data, step, withTest: step == c.Steps);
            ctx.ThrowIfCancelled();
        }

        LogSpectrum(ctx, model, inputs, c.Depth, c.Steps);
    }

    /// <summary>Spectrum summaries as metrics and all singular values as singular-values-STEP.npy.</summary>
    private static void LogSpectrum<T>(RunContext ctx, Sequential<T> model, Tensor<T> inputs, int depth, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = JacobianSpectrum.OfMlp(model, inputs, layers: 2 * depth);
        ctx.Log(step, "sv_mean_sq", s.MeanSquared);
        ctx.Log(step, "sv_max", s.Max);
        ctx.Log(step, "sv_min", s.Min);
        ctx.Log(step, "sv_cond", s.ConditionNumber);
        ctx.Log(step, "sv_isometry_error", s.IsometryError);
        ctx.Log(step, "sv_q05", s.Quantile(0.05));
        ctx.Log(step, "sv_q50", s.Quantile(0.5));
        ctx.Log(step, "sv_q95", s.Quantile(0.95));
        ctx.Log(step, "sv_spread", s.Spread);
        ctx.Log(step, "sv_zero_fraction", s.ZeroFraction);
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
        for (int l = 0; l < norms.Length; l++) ctx.Log(step, $"grad_norm_l{l + 1}", norms[l]);
    }

    /// <summary>Loss and accuracy over the whole training set (and the test accuracy when asked).</summary>
    private static void LogEvaluation<T>(RunContext ctx, Sequential<T> model, DataSplit data, int step, bool withTest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (loss, accuracy) = Classifier.Evaluate(model, data.Train);
        ctx.Log(step, "accuracy", accuracy);
        ctx.Log(step, "loss", loss);
        if (withTest) ctx.Log(step, "test_accuracy", Classifier.Evaluate(model, data.Test).Accuracy);
    }

    /// <summary>The logged array of singular values.</summary>
    public const string SpectrumArray = "singular-values";

    /// <summary>Rows of the gradient-norm probe batch.</summary>
    public const int ProbeRows = 128;
}

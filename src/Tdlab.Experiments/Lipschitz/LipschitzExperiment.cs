using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Training;
using Tdlab.Lab.Claims;
using Tdlab.Tensors.Linalg;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// Spectral norms, Lipschitz bounds and generalisation (seed 000, topic 4). For an MLP f = W_L phi ... phi W_1,
/// Lip(f) &lt;= prod_l ||W_l||_2 prod Lip(phi) (upper bound, from the layers) and Lip(f) &gt;= max_i ||J(x_i)||_2
/// (empirical lower bound, from a data batch). Runs of one replicate share data, initial weights (per
/// architecture) and minibatch order, so variants differ only in the regulariser.
/// </summary>
public sealed partial class LipschitzExperiment : Experiment<LipschitzConfig, LipschitzRun>
{
    public override string Name => "lipschitz";

    public override string Title => "Spectral norms and Lipschitz bounds of MLPs: plain, weight decay, spectral normalisation, and double descent in width";

    public override string SeedReference => "seed 000 (topic 4: Lipschitz constant, spectral norm analysis); Miyato et al. 2018 (spectral normalisation); Nakkiran et al. 2019 (double descent)";

    public override MetricSet Metrics => LipschitzMetrics.All;

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("Data: a synthetic Gaussian mixture (32-d, 10 classes) in the quick preset instead of an image task (the full preset uses Fashion-MNIST)",
            "the quick preset of every family must finish in minutes on 2 cores"),
        new("Scale: MLPs only (quick: 2 hidden layers of 128, 10 epochs on 2048 examples; full: 3 of 512, 30 epochs; 5 seeds each), no CNN",
            "the seed allows \u201ca small CNN or MLP\u201d; the MLP keeps the exact input-Jacobian lower bound affordable"),
        new("Quick preset raised from 2 to 5 seeds, full from 3 to 5",
            "with 2 seeds every claim was inconclusive (n < 3); 5 independent seeds let a paired comparison decide (issue 11)", "2026-12-01"),
        new("Spectral-norm regularisation is Miyato et al. 2018's spectral normalisation (W / σ with persistent power-iteration vectors) trained with SGD momentum 0.9, lr 0.05, not Miyato's Adam at lr 2e-4",
            "the same optimiser for all three variants keeps the comparison paired; docs/families/lipschitz.md shows why one power iteration cannot track σ at this step size"),
        new("Spectral normalisation's constraint ‖W / σ‖₂ <= 1 is now an implementation check (presets: 20 power iterations per step, 200 on the probed W before each probe), " +
            "and the claims are the seed's: it shrinks the per-layer norms and the bound relative to plain training, with the accuracy it costs reported",
            "the constraint is a property of the method, not of training dynamics; with one iteration per step and the vectors one step behind W it read up to 1.58 " +
            "(issue 11 asks that it be honoured with enough iterations); the two new epoch claims (peak before descent, correlation with test error) quote the seed's expected results",
            "2026-12-01"),
        new("Width sweep: a one-hidden-layer MLP on 256 training examples with 20% symmetric label noise, widths around the interpolation threshold width + 1 = 256",
            "label noise and a small training set make model-wise double descent visible (Nakkiran et al. 2019); the seed names no setup"),
        new("Width sweep fitted as random features with the minimum-norm least-squares last layer (Belkin et al. 2019) instead of training every layer with Adam on cross-entropy, and widths moved from 2..512 to 8..2048 around the threshold",
            "with Adam on cross-entropy the test error fell monotonically with width (0.74 to 0.39), no double descent; the min-norm fit is the limit of gradient descent on the squared loss from zero, where the peak is expected",
            "2026-11-22"),
        new("The trained-MLP width sweep (full preset, trained-sweep=true) trains every layer with Adam for 200 epochs, not the thousands of epochs of Nakkiran et al. 2019",
            "the full preset must stay within hours on 2 cores; the random-features sweep remains the separately labelled variant"),
        new("Full preset's width sweeps on 1000 noisy Fashion-MNIST examples, widths 32..8192 (threshold at 999), the trained sweep probed every 100 epochs; first declared on 2000 examples, widths 64..16384, probed every 50",
            "issue 17: the declared scale cost about 2 hours on 2 cores (estimated from measured pieces: 119 CPU-seconds for one min-norm fit at width 16384, 2000 examples: the Gram matrix and " +
            "its 2000 x 2000 eigendecomposition, and the exact SVD of the 16384 x 784 layer in each probe); halving n and the widths keeps every width's ratio to the " +
            "threshold and costs an eighth of the eigendecomposition; decided before any full run", "2026-12-01"),
        new("Full preset's trained width sweep on its own widths (trained-widths): the 14 widths 32..8192 plus 2, 3, 4, 5, 6, 8, 10, 12, 13, 14, 16, 18, 20, 24, 28",
            "the first full run's trained sweep never reached a trained net's interpolation threshold (train error 0 from width 32; width-non-monotonic-trained " +
            "did not hold, 0.0046 [0.0025, 0.0066]): a 784-w-10 net has 795 w + 10 parameters, n K = 10,000 (n = 1000, K = 10) at w = 12.6, and width 32 " +
            "fitted its noisy labels only by epoch 200, so the threshold lies below 32; decided after that result was seen; the claim, its statistic and its " +
            "threshold 0.01 are unchanged, and the random-features sweep keeps its widths", "2026-12-02"),
    ];

    public override LipschitzConfig Quick => new() { Seeds = 5, PowerIterations = 20, ProbeRefreshIterations = 200 };

    /// <summary>
    /// Fashion-MNIST: the variants at 3 hidden layers of 512 for 30 epochs; both width sweeps on 1000 noisy examples (threshold at width 999),
    /// widths 32..8192, the trained one probed every 100 of its 200 epochs. Cut by issue 17 from 2000 examples and widths up to 16384 (about
    /// 2 hours on 2 cores, the min-norm fit's eigendecomposition and the exact SVD of the widest layers dominating) to about 45 minutes.
    /// The trained sweep adds widths 2..28 (2026-12-02) to bracket a trained net's interpolation threshold (795 w + 10 parameters = n K at w = 12.6).
    /// </summary>
    public override LipschitzConfig Full => new()
    {
        Data = DataSources.FashionMnist, Depth = 3, Width = 512, Epochs = 30, BatchSize = 128, TrainSize = 60000,
        TestSize = 10000, ProbeSize = 256, Widths = [32, 128, 512, 768, 900, 975, 999, 1025, 1100, 1250, 1500, 2048, 4096, 8192],
        SweepTrainSize = 1000, SweepTestSize = 10000, SweepLogEvery = 100, PowerIterations = 20, Seeds = 5, TrainedSweep = true,
        // the trained net's threshold: 795 w + 10 parameters (784-w-10 with biases) = n K = 10,000 at w = 12.6, and train error
        // reached 0 only at epoch 200 of width 32 (the first full run, 2026-12-02); the 14 widths above are kept (their runs are stored)
        TrainedWidths = [2, 3, 4, 5, 6, 8, 10, 12, 13, 14, 16, 18, 20, 24, 28, 32, 128, 512, 768, 900, 975, 999, 1025, 1100, 1250, 1500, 2048, 4096, 8192],
        // 200 refresh iterations left 512-wide trained layers at ||W / sigma|| = 1.01 (the first full run, 2026-12-02: the
        // spectral-norm-constraint check failed at 1.011); components within 1% of sigma_max decay as 0.99^(2k): 2000 suffice
        ProbeRefreshIterations = 2000,
    };

    public override void Validate(LipschitzConfig c)
    {
        if (c.Optimizer is not (OptimizerKind.Sgd or OptimizerKind.Adam))
            throw new BadInputException($"optimizer must be sgd or adam, got '{EnumNames.Of(c.Optimizer)}'");
        if (c.SweepOptimizer is not (OptimizerKind.MinNorm or OptimizerKind.Adam))
            throw new BadInputException($"sweep-optimizer must be min-norm or adam, got '{EnumNames.Of(c.SweepOptimizer)}'");
        if (c.TrainSize < c.BatchSize || c.SweepTrainSize < c.SweepBatchSize)
            throw new BadInputException($"train sizes ({c.TrainSize}, {c.SweepTrainSize}) must be at least the batch sizes ({c.BatchSize}, {c.SweepBatchSize})");
        try
        {
            SpectralNorms.ActivationLipschitz(Activations.Create<float>(c.Activation));
        }
        catch (ArgumentException e)
        {
            throw new BadInputException($"activation '{EnumNames.Of(c.Activation)}': {e.Message}");
        }

        ClassificationTask.Validate(c.Data);
    }

    /// <summary>
    /// The variants at the shared settings (weight decay and power iterations only where the variant uses them), then
    /// the width sweep with the sweep's settings (the min-norm fit: one epoch, learning rate 0, probed once).
    /// </summary>
    /// <summary>The MLP and its evaluation batch; the min-norm fit's (n, width + 1) feature matrix and its factorisation.</summary>
    public override long MemoryEstimate(LipschitzRun r) =>
        Common.MemoryEstimate.Mlp(Common.MemoryEstimate.Inputs(r.Data, r.InputDim), r.Width, r.Depth, r.Classes, Math.Max(r.BatchSize, 512), 4)
        + (r.Optimizer == OptimizerKind.MinNorm ? 8L * 3 * r.TrainSize * (r.Width + 1) : 0);

    public override IEnumerable<LipschitzRun> Grid(LipschitzConfig c)
    {
        foreach (var v in c.Variants)
            yield return new LipschitzRun(c)
            {
                Study = Study.Variants, Variant = v, WeightDecay = v == Variant.WeightDecay ? c.WeightDecay : 0,
                PowerIterations = v == Variant.SpectralNorm ? c.PowerIterations : 0, LabelNoise = 0, LogEvery = 1,
                ProbeRefreshIterations = v == Variant.SpectralNorm ? c.ProbeRefreshIterations : 0,
            };
        OptimizerKind[] sweeps = c.TrainedSweep && c.SweepOptimizer == OptimizerKind.MinNorm ? [OptimizerKind.MinNorm, OptimizerKind.Adam] : [c.SweepOptimizer];
        foreach (var optimizer in sweeps)
        foreach (int w in c.WidthsFor(optimizer))
        {
            bool minNorm = optimizer == OptimizerKind.MinNorm;
            yield return new LipschitzRun(c)
            {
                Study = Study.Width, Variant = Variant.Plain, Depth = c.SweepDepth, Width = w, Optimizer = optimizer,
                Epochs = minNorm ? 1 : c.SweepEpochs, BatchSize = c.SweepBatchSize, LearningRate = minNorm ? 0 : c.SweepLearningRate,
                WeightDecay = 0, PowerIterations = 0, ProbeRefreshIterations = 0, LabelNoise = c.LabelNoise, TrainSize = c.SweepTrainSize, TestSize = c.SweepTestSize,
                LogEvery = minNorm ? 1 : c.SweepLogEvery,
            };
        }
    }

    public override void Run(RunContext<LipschitzRun> ctx)
    {
        var c = ctx.Config;
        var data = LipschitzData.Load(ctx.Shared("data", "gaussian-mixture"), c.Data, c.InputDim, c.Classes, c.TrainSize, c.TestSize, c.LabelNoise);
        var model = Mlp.Build<float>(data.Train.Dim, c.Depth, c.Width, data.Train.Classes, ctx.Shared("model", "weights"), c.Activation);
        var rows = Enumerable.Range(0, Math.Min(c.ProbeSize, data.Train.Count)).ToArray();
        if (c.Optimizer == OptimizerKind.MinNorm)
        {
            FitLastLayer(model, data.Train);
            Probe(ctx, model, data, rows, 1);
            LogSquaredErrors(ctx, model, data, 1);
            return;
        }

        var parameters = model.Parameters().ToList();
        if (c.Variant == Variant.SpectralNorm)
            model = SpectralNorm<float>.Wrap(model, ctx.Rng.Child("spectral-norm"), c.PowerIterations);
        Optimizer<float> optimizer = c.Optimizer == OptimizerKind.Adam
            ? new Adam<float>(parameters, c.LearningRate, weightDecay: c.WeightDecay)
            : new Sgd<float>(parameters, c.LearningRate, momentum: 0.9, weightDecay: c.WeightDecay);
        var train = data.Train;
        var batches = new Minibatches(train.Count, c.BatchSize, ctx.Shared("order", "minibatches"));
        int epoch = 0;
        var loop = new TrainingLoop<float>(optimizer)
        {
            ReportTo = ctx,
            TotalSteps = c.Epochs * batches.StepsPerEpoch,
            Loss = _ =>
            {
                var batch = batches.Next();
                return Loss.CrossEntropy(model.Forward(train.X<float>(batch)), train.LabelsOf(batch));
            },
            Diverged = (_, step, _) => ctx.Diverge(epoch, $"training loss not finite at step {(step - 1) % batches.StepsPerEpoch} of epoch {epoch}"),
        };

        Probe(ctx, model, data, rows, 0);
        for (epoch = 1; epoch <= c.Epochs; epoch++)
        {
            model.Train();
            int first = (epoch - 1) * batches.StepsPerEpoch + 1;
            loop.Run(first, first + batches.StepsPerEpoch - 1, ctx.Cancellation);
            if (epoch % c.LogEvery == 0 || epoch == c.Epochs) Probe(ctx, model, data, rows, epoch);
        }
    }

    /// <summary>
    /// Evaluation (loss, accuracy, test_loss, test_accuracy) and the Lipschitz probes at one step, in eval mode:
    /// sn_l{l} (exact), sn_power_l{l}, sn_rel_diff, log_upper, log_act (log prod Lip(phi)), lower (max_i ||J(x_i)||),
    /// lower_mean.
    /// </summary>
    private static void Probe(RunContext<LipschitzRun> ctx, Sequential<float> model, DataSplit data, int[] probeRows, int step)
    {
        model.Eval();
        if (ctx.Config.ProbeRefreshIterations > 0)
        {
            // the lag of the persistent vectors (one training step behind W), then power iterations on the current W
            ctx.Log(step, LipschitzMetrics.SpectralNormLag, SpectralNorms.Of(model, ctx.Rng.Child($"lag{step}")).Exact.Max());
            foreach (var layer in model.Layers.OfType<SpectralNorm<float>>())
                PowerIteration.SpectralNormStep<float>(layer.Layer.Weight.Span, layer.Layer.OutFeatures, layer.Layer.InFeatures,
                    layer.U.Span, layer.V.Span, ctx.Config.ProbeRefreshIterations);
        }

        var (loss, acc) = Classifier.Evaluate(model, data.Train);
        var (testLoss, testAcc) = Classifier.Evaluate(model, data.Test);
        ctx.Log(step, LipschitzMetrics.Accuracy, acc);
        ctx.Log(step, LipschitzMetrics.TestAccuracy, testAcc);
        ctx.Log(step, LipschitzMetrics.TestLoss, testLoss);
        ctx.Log(step, LipschitzMetrics.Loss, loss);

        var norms = SpectralNorms.Of(model, ctx.Rng.Child($"probe{step}"));
        for (int l = 0; l < norms.Exact.Length; l++)
        {
            ctx.Log(step, LipschitzMetrics.LayerSpectralNorm.At(l + 1), norms.Exact[l]);
            ctx.Log(step, LipschitzMetrics.PowerIterationNorm.At(l + 1), norms.PowerIteration[l]);
        }

        ctx.Log(step, LipschitzMetrics.PowerIterationError, norms.MaxRelativeDifference);
        ctx.Log(step, LipschitzMetrics.LogUpper, norms.LogUpperBound);
        ctx.Log(step, LipschitzMetrics.LogActivation, Math.Log(norms.ActivationProduct));
        var lower = LipschitzBounds.InputJacobian(model, data.Train.X<float>(probeRows));
        ctx.Log(step, LipschitzMetrics.Lower, lower.Max);
        ctx.Log(step, LipschitzMetrics.LowerMean, lower.Mean);
    }
}

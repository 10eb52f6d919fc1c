using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors.Random;

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

    public override LipschitzConfig Quick => new() { Seeds = 2 };

    public override LipschitzConfig Full => new()
    {
        Seeds = 3, Data = DataSources.FashionMnist, Depth = 3, Width = 512, Epochs = 30, BatchSize = 128, TrainSize = 60000,
        TestSize = 10000, ProbeSize = 256, Widths = [64, 256, 1024, 1536, 1800, 1950, 1999, 2050, 2200, 2500, 3000, 4096, 8192, 16384],
        SweepTrainSize = 2000, SweepTestSize = 10000,
    };

    public override void Validate(LipschitzConfig c)
    {
        if (c.Depth < 1 || c.Width < 1 || c.Epochs < 1 || c.BatchSize < 1 || c.SweepDepth < 1 || c.SweepEpochs < 1 ||
            c.SweepBatchSize < 1 || c.SweepLogEvery < 1 || c.ProbeSize < 1 || c.PowerIterations < 1)
            throw new BadInputException("depth, width, epochs, batch-size, sweep-depth, sweep-epochs, sweep-batch-size, sweep-log-every, probe-size and power-iterations must be positive");
        foreach (var v in c.Variants)
            if (v is not (LipschitzRun.Plain or LipschitzRun.WeightDecayVariant or LipschitzRun.SpectralNormVariant))
                throw new BadInputException($"unknown variant '{v}' in variants; valid: plain, weight-decay, spectral-norm");
        if (c.Widths.Any(w => w < 1)) throw new BadInputException($"widths must be positive, got [{string.Join(", ", c.Widths)}]");
        if (c.Optimizer is not ("sgd" or "adam"))
            throw new BadInputException($"optimizer must be sgd or adam, got '{c.Optimizer}'");
        if (c.SweepOptimizer is not (MinNorm or "adam"))
            throw new BadInputException($"sweep-optimizer must be {MinNorm} or adam, got '{c.SweepOptimizer}'");
        if (c.LabelNoise is < 0 or > 1) throw new BadInputException($"label-noise must be in [0, 1], got {c.LabelNoise}");
        if (c.WeightDecay < 0) throw new BadInputException($"weight-decay must be >= 0, got {c.WeightDecay}");
        if (c.TrainSize < c.BatchSize || c.SweepTrainSize < c.SweepBatchSize)
            throw new BadInputException($"train sizes ({c.TrainSize}, {c.SweepTrainSize}) must be at least the batch sizes ({c.BatchSize}, {c.SweepBatchSize})");
        try
        {
            SpectralNorms.ActivationLipschitz(Activations.Create<float>(Activations.Parse(c.Activation)));
        }
        catch (ArgumentException e)
        {
            throw new BadInputException($"activation '{c.Activation}': {e.Message}");
        }

        ClassificationTask.Validate(c.Data);
    }

    public override IEnumerable<LipschitzRun> Grid(LipschitzConfig c)
    {
        foreach (var v in c.Variants)
            yield return new LipschitzRun(LipschitzRun.VariantsStudy, v, c.Data, c.Depth, c.Width, c.Activation, c.Optimizer, c.Epochs,
                c.BatchSize, c.LearningRate, v == LipschitzRun.WeightDecayVariant ? c.WeightDecay : 0,
                v == LipschitzRun.SpectralNormVariant ? c.PowerIterations : 0, 0, c.TrainSize, c.TestSize, c.InputDim, c.Classes, c.ProbeSize, 1);
        bool minNorm = c.SweepOptimizer == MinNorm;
        foreach (int w in c.Widths)
            yield return new LipschitzRun(LipschitzRun.WidthStudy, LipschitzRun.Plain, c.Data, c.SweepDepth, w, c.Activation, c.SweepOptimizer,
                minNorm ? 1 : c.SweepEpochs, c.SweepBatchSize, minNorm ? 0 : c.SweepLearningRate, 0, 0, c.LabelNoise, c.SweepTrainSize,
                c.SweepTestSize, c.InputDim, c.Classes, c.ProbeSize, minNorm ? 1 : c.SweepLogEvery);
    }

    public override void Run(RunContext<LipschitzRun> ctx)
    {
        var c = ctx.Config;
        var data = LipschitzData.Load(Name, c.Data, ctx.Replicate, c.InputDim, c.Classes, c.TrainSize, c.TestSize, c.LabelNoise);
        var weights = new Rng(Seeds.Derive(Seeds.Hash(Name + "/model"), ctx.Replicate), "weights");
        var model = Mlp.Build<float>(data.Train.Dim, c.Depth, c.Width, data.Train.Classes, weights, Activations.Parse(c.Activation));
        if (c.Optimizer == MinNorm)
        {
            FitLastLayer(model, data.Train);
            Probe(ctx, model, data, probeRows(c, data), 1);
            LogSquaredErrors(ctx, model, data, 1);
            return;
        }

        var parameters = model.Parameters().ToList();
        if (c.Variant == LipschitzRun.SpectralNormVariant)
            model = SpectralNorm<float>.Wrap(model, ctx.Rng.Child("spectral-norm"), c.PowerIterations);
        Optimizer<float> optimizer = c.Optimizer == "adam"
            ? new Adam<float>(parameters, c.LearningRate, weightDecay: c.WeightDecay)
            : new Sgd<float>(parameters, c.LearningRate, momentum: 0.9, weightDecay: c.WeightDecay);
        var order = new Rng(Seeds.Derive(Seeds.Hash(Name + "/order"), ctx.Replicate), "minibatches");
        var rows = probeRows(c, data);

        Probe(ctx, model, data, rows, 0);
        for (int epoch = 1; epoch <= c.Epochs; epoch++)
        {
            ctx.ThrowIfCancelled();
            model.Train();
            int bad = Classifier.TrainEpoch(model, optimizer, data.Train, c.BatchSize, order);
            if (bad >= 0)
            {
                ctx.Diverge(epoch, $"training loss not finite at step {bad} of epoch {epoch}");
                return;
            }

            if (epoch % c.LogEvery == 0 || epoch == c.Epochs) Probe(ctx, model, data, rows, epoch);
        }

        static int[] probeRows(LipschitzRun c, DataSplit data) => Enumerable.Range(0, Math.Min(c.ProbeSize, data.Train.Count)).ToArray();
    }

    /// <summary>
    /// Evaluation (loss, accuracy, test_loss, test_accuracy) and the Lipschitz probes at one step, in eval mode:
    /// sn_l{l} (exact), sn_power_l{l}, sn_rel_diff, log_upper, log_act (log prod Lip(phi)), lower (max_i ||J(x_i)||),
    /// lower_mean.
    /// </summary>
    private static void Probe(RunContext<LipschitzRun> ctx, Sequential<float> model, DataSplit data, int[] probeRows, int step)
    {
        model.Eval();
        var (loss, acc) = Classifier.Evaluate(model, data.Train);
        var (testLoss, testAcc) = Classifier.Evaluate(model, data.Test);
        ctx.Log(step, "accuracy", acc);
        ctx.Log(step, "test_accuracy", testAcc);
        ctx.Log(step, "test_loss", testLoss);
        ctx.Log(step, "loss", loss);

        var norms = SpectralNorms.Of(model, ctx.Rng.Child($"probe{step}"));
        for (int l = 0; l < norms.Exact.Length; l++)
        {
            ctx.Log(step, $"sn_l{l + 1}", norms.Exact[l]);
            ctx.Log(step, $"sn_power_l{l + 1}", norms.PowerIteration[l]);
        }

        ctx.Log(step, "sn_rel_diff", norms.MaxRelativeDifference);
        ctx.Log(step, "log_upper", norms.LogUpperBound);
        ctx.Log(step, "log_act", Math.Log(norms.ActivationProduct));
        var lower = LipschitzBounds.InputJacobian(model, data.Train.X<float>(probeRows));
        ctx.Log(step, "lower", lower.Max);
        ctx.Log(step, "lower_mean", lower.Mean);
    }
}

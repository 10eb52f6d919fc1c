using System.Numerics;
using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Lab;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.InitVariance;

/// <summary>
/// How the initial weight scale decides whether a ReLU MLP trains (seed 000, topic 1; seed 002's variance
/// recursion E F_l^2 = rho E F_{l-1}^2 with rho = n E(W^2) / 2, critical at sigma = sqrt(2 / fan_in)).
/// Every run of one replicate shares data, the standard-normal draws behind the weights and the minibatch
/// order, so runs differ only in the initialisation.
/// </summary>
public sealed partial class InitVarianceExperiment : Experiment<InitVarianceConfig, InitVarianceRun>
{
    public override string Name => "init-variance";

    public override string Title => "Initialisation scale and scheme in a deep ReLU MLP: vanishing, exploding and the stable band";

    public override string SeedReference => "seed 000 (topic 1: initialisation & variance propagation); seed 002 (variance recursion, critical sigma = sqrt(2/n))";

    public override InitVarianceConfig Quick => new() { Seeds = 3 };

    public override InitVarianceConfig Full => new()
    {
        Seeds = 5, Data = DataSources.FashionMnist, Depth = 10, Width = 512, SigmaCount = 25, Epochs = 10,
        BatchSize = 128, TrainSize = 60000, TestSize = 10000,
    };

    public override void Validate(InitVarianceConfig c)
    {
        if (c.Depth < 1 || c.Width < 1 || c.Epochs < 1 || c.BatchSize < 1 || c.SigmaCount < 1)
            throw new BadInputException("depth, width, epochs, batch-size and sigma-count must be positive");
        if (c.SigmaMin <= 0 || c.SigmaMax < c.SigmaMin)
            throw new BadInputException($"need 0 < sigma-min <= sigma-max, got {c.SigmaMin} and {c.SigmaMax}");
        foreach (var s in c.Schemes)
            if (s is not ("xavier" or "kaiming"))
                throw new BadInputException($"unknown scheme '{s}' in schemes; valid: xavier, kaiming");
        if (c.Precision is not ("float32" or "float64"))
            throw new BadInputException($"precision must be float32 or float64, got '{c.Precision}'");
        if (c.TrainSize < c.BatchSize)
            throw new BadInputException($"train-size {c.TrainSize} is smaller than batch-size {c.BatchSize}");
        ClassificationTask.Validate(c.Data);
    }

    public override IEnumerable<InitVarianceRun> Grid(InitVarianceConfig c)
    {
        InitVarianceRun Run(string scheme, double sigma) => new(c.Data, c.Depth, c.Width, scheme, sigma, c.Epochs,
            c.BatchSize, c.LearningRate, c.TrainSize, c.TestSize, c.InputDim, c.Classes, c.Precision);
        foreach (double sigma in Grids.LogSpace(c.SigmaMin, c.SigmaMax, c.SigmaCount))
            yield return Run(InitVarianceRun.Normal, sigma);
        foreach (string scheme in c.Schemes)
            yield return Run(scheme, 0);
    }

    public override void Run(RunContext<InitVarianceRun> context)
    {
        if (context.Config.Precision == "float64") Train<double>(context);
        else Train<float>(context);
    }

    private void Train<T>(RunContext<InitVarianceRun> ctx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = ctx.Config;
        var data = ClassificationTask.Load(Name, c.Data, ctx.Replicate, c.InputDim, c.Classes, c.TrainSize, c.TestSize);
        // Weights: the replicate's standard-normal stream, scaled by the scheme (biases start at zero).
        var modelRng = new Rng(Seeds.Derive(Seeds.Hash(Name + "/model"), ctx.Replicate), "weights");
        var init = LayerInit.WithZeroBias(c.Scheme switch
        {
            "xavier" => Init.XavierNormal(),
            "kaiming" => Init.KaimingNormal(Init.Gain(Activation.Relu), FanMode.FanIn),
            _ => Init.Normal(c.Sigma),
        });
        var model = Mlp.Build<T>(data.Train.Dim, c.Depth, c.Width, data.Train.Classes, modelRng, Activation.Relu, init: init);
        var optimizer = new Sgd<T>(model.Parameters(), c.LearningRate);
        var order = new Rng(Seeds.Derive(Seeds.Hash(Name + "/order"), ctx.Replicate), "minibatches");
        var probeRows = Enumerable.Range(0, Math.Min(256, data.Train.Count)).ToArray();

        LogEvaluation(ctx, model, data, 0);
        LogLayers(ctx, model, data.Train, probeRows, 0);
        for (int epoch = 1; epoch <= c.Epochs; epoch++)
        {
            ctx.ThrowIfCancelled();
            int bad = Classifier.TrainEpoch(model, optimizer, data.Train, c.BatchSize, order);
            if (bad >= 0)
                ctx.Diverge(epoch, $"training loss not finite at step {bad} of epoch {epoch}");
            LogEvaluation(ctx, model, data, epoch);
        }

        LogLayers(ctx, model, data.Train, probeRows, c.Epochs);
    }

    private static void LogEvaluation<T>(RunContext ctx, Sequential<T> model, DataSplit data, int epoch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (loss, acc) = Classifier.Evaluate(model, data.Train);
        var (testLoss, testAcc) = Classifier.Evaluate(model, data.Test);
        ctx.Log(epoch, "accuracy", acc);
        ctx.Log(epoch, "test_accuracy", testAcc);
        ctx.Log(epoch, "test_loss", testLoss);
        ctx.Log(epoch, "loss", loss);
    }

    /// <summary>Per-layer E[F_l^2], Var[F_l] and ||dL/dW_l|| on a fixed probe batch.</summary>
    private static void LogLayers<T>(RunContext ctx, Sequential<T> model, Dataset train, int[] rows, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = train.X<T>(rows);
        var labels = train.LabelsOf(rows);
        var signal = LayerStatistics.Signal(model, x);
        for (int l = 0; l < signal.SecondMoment.Length; l++)
        {
            ctx.Log(step, $"act_m2_l{l + 1}", signal.SecondMoment[l]);
            ctx.Log(step, $"act_var_l{l + 1}", signal.Variance[l]);
        }

        var norms = LayerStatistics.WeightGradientNorms(model, x, logits => Loss.CrossEntropy(logits, labels));
        for (int l = 0; l < norms.Length; l++)
            ctx.Log(step, $"grad_norm_l{l + 1}", norms[l]);
    }
}

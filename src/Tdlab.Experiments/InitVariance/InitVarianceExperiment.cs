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

    /// <summary>The sigma sweep of one replicate trains as one ensemble: one architecture, only the scale differs.</summary>
    public override string? EnsembleKey(InitVarianceRun run, int replicate) =>
        run.IsSweep ? $"{run with { Sigma = 0 }}/replicate {replicate}" : null;

    public override void Run(RunContext<InitVarianceRun> context) => RunEnsemble([context]);

    /// <summary>
    /// Trains the members (one run, or the sigma sweep of one replicate) as one ensemble on shared data and
    /// minibatches. Member e's weights are its scale times the replicate's standard-normal draws, so a member
    /// follows the trajectory it follows alone (to rounding).
    /// </summary>
    public override void RunEnsemble(IReadOnlyList<RunContext<InitVarianceRun>> members)
    {
        if (members[0].Config.Precision == "float64") Train<double>(members);
        else Train<float>(members);
    }

    private void Train<T>(IReadOnlyList<RunContext<InitVarianceRun>> members) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = members[0].Config;
        int replicate = members[0].Replicate, count = members.Count;
        var data = ClassificationTask.Load(Name, c.Data, replicate, c.InputDim, c.Classes, c.TrainSize, c.TestSize);
        // Weights: the replicate's standard-normal stream times each member's scale (biases start at zero).
        var streams = members.Select(_ => new Rng(Seeds.Derive(Seeds.Hash(Name + "/model"), replicate), "weights")).ToList();
        var (weights, scales) = c.Scheme switch
        {
            "xavier" => (Init.XavierNormal(), members.Select(_ => 1.0)),
            "kaiming" => (Init.KaimingNormal(Init.Gain(Activation.Relu), FanMode.FanIn), members.Select(_ => 1.0)),
            _ => (Init.Normal(1.0), members.Select(m => m.Config.Sigma)),
        };
        var model = Mlp.Build<T>(data.Train.Dim, c.Depth, c.Width, data.Train.Classes,
            Members.Ensemble(streams, scales.ToList()), Activation.Relu, init: LayerInit.WithZeroBias(weights));
        var optimizer = new Sgd<T>(model.Parameters(), c.LearningRate);
        var order = new Rng(Seeds.Derive(Seeds.Hash(Name + "/order"), replicate), "minibatches");
        var probeRows = Enumerable.Range(0, Math.Min(256, data.Train.Count)).ToArray();

        LogEvaluation(members, model, data, 0);
        LogLayers(members, model, data.Train, probeRows, 0);
        for (int epoch = 1; epoch <= c.Epochs && members.Any(m => !m.Diverged); epoch++)
        {
            members[0].ThrowIfCancelled();
            int[] bad = EnsembleClassifier.TrainEpoch(model, optimizer, data.Train, count, c.BatchSize, order);
            for (int e = 0; e < count; e++)
                if (bad[e] >= 0 && !members[e].Diverged)
                    members[e].Diverge(epoch, $"training loss not finite at step {bad[e]} of epoch {epoch}");
            LogEvaluation(members, model, data, epoch);
        }

        LogLayers(members, model, data.Train, probeRows, c.Epochs);
    }

    /// <summary>Train and test loss and accuracy of every member still training; a non-finite loss marks it diverged.</summary>
    private static void LogEvaluation<T>(IReadOnlyList<RunContext<InitVarianceRun>> members, Sequential<T> model, DataSplit data, int epoch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (loss, acc) = EnsembleClassifier.Evaluate(model, data.Train, members.Count);
        var (testLoss, testAcc) = EnsembleClassifier.Evaluate(model, data.Test, members.Count);
        for (int e = 0; e < members.Count; e++)
        {
            var ctx = members[e];
            if (ctx.Diverged) continue;
            if (epoch == 0) ctx.Log(0, "classes", data.Train.Classes);   // chance level = 1 / classes, read by the claims
            ctx.Log(epoch, "accuracy", acc[e]);
            ctx.Log(epoch, "test_accuracy", testAcc[e]);
            ctx.Log(epoch, "test_loss", testLoss[e]);
            ctx.Log(epoch, "loss", loss[e]);
        }
    }

    /// <summary>Per-layer E[F_l^2], Var[F_l] and ||dL/dW_l|| of every member still training, on a fixed probe batch.</summary>
    private static void LogLayers<T>(IReadOnlyList<RunContext<InitVarianceRun>> members, Sequential<T> model, Dataset train, int[] rows, int step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = train.X<T>(rows);
        var labels = train.LabelsOf(rows);
        var signal = LayerStatistics.SignalPerMember(model, x);
        var norms = LayerStatistics.WeightGradientNormsPerMember(model, x, logits => Loss.CrossEntropy(logits, labels));
        for (int e = 0; e < members.Count; e++)
        {
            var ctx = members[e];
            if (ctx.Diverged) continue;
            for (int l = 0; l < signal[e].SecondMoment.Length; l++)
            {
                ctx.Log(step, $"act_m2_l{l + 1}", signal[e].SecondMoment[l]);
                ctx.Log(step, $"act_var_l{l + 1}", signal[e].Variance[l]);
            }

            for (int l = 0; l < norms[e].Length; l++)
                ctx.Log(step, $"grad_norm_l{l + 1}", norms[e][l]);
        }
    }
}

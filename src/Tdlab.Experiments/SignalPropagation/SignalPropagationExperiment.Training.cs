using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Training;
using Tdlab.Nn;
using Tdlab.Nn.Optim;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// The trainability sub-study (Schoenholz et al. 2017, Figs. 5-6): tanh MLPs of depth L at sigma_w^2 (sigma_b^2 fixed),
/// weights N(0, sigma_w^2 / fan_in) and biases N(0, sigma_b^2), trained a fixed number of SGD steps on a synthetic
/// Gaussian mixture; off unless train-depths is set. The sigma_w^2 values of one depth and replicate train as one
/// ensemble on shared data, shared standard-normal weight draws (scaled by sigma_w) and a shared minibatch order.
/// </summary>
public sealed partial class SignalPropagationExperiment
{
    /// <summary>Examples of the (unused) test split the data loader draws beside the training set.</summary>
    private const int TrainingTestExamples = 64;

    internal static IEnumerable<SignalPropagationRun> TrainingGrid(SignalPropagationConfig c) =>
        from depth in c.TrainDepths
        from w2 in c.TrainWeightVariances
        select new SignalPropagationRun(c)
        {
            Activation = Nonlinearity.Tanh, Width = c.TrainWidth, Layers = depth, Nets = 1, Batch = c.TrainBatch, Rho = 0,
            SigmaW2 = w2, SigmaB2 = c.TrainBiasVariance, TrainSteps = c.TrainSteps, LearningRate = c.TrainLearningRate,
            Examples = c.TrainExamples, InputDim = c.TrainInputDim, Classes = c.TrainClasses,
        };

    /// <summary>The sigma_w^2 values of one depth and replicate train as one ensemble; the random-net runs alone.</summary>
    public override string? EnsembleKey(SignalPropagationRun run, int replicate) =>
        run.IsTraining ? $"{run with { SigmaW2 = 0 }}/replicate {replicate}" : null;

    private static long TrainingMemory(SignalPropagationRun r) =>
        Common.MemoryEstimate.Mlp(r.InputDim, r.Width, r.Layers, r.Classes, Math.Max(r.Batch, 512), 4);

    public override void RunEnsemble(IReadOnlyList<RunContext<SignalPropagationRun>> members)
    {
        var c = members[0].Config;
        var data = ClassificationTask.Load(members[0], DataSources.Synthetic, c.InputDim, c.Classes, c.Examples, TrainingTestExamples);
        var train = data.Train;
        var model = Mlp.Build<float>(train.Dim, c.Layers, c.Width, train.Classes,
            Members.Ensemble(members.Select(m => m.Shared("model", "weights")).ToList(), members.Select(m => Math.Sqrt(m.Config.SigmaW2)).ToList()),
            Activation.Tanh, init: LayerInit.Critical(1.0, Math.Sqrt(c.SigmaB2)));
        var batches = new Minibatches(train.Count, c.Batch, members[0].Shared("order", "minibatches"));
        var loop = new TrainingLoop<float>(new Sgd<float>(model.Parameters(), c.LearningRate))
        {
            Members = members.Count,
            Loss = _ =>
            {
                var rows = batches.Next();
                return Loss.CrossEntropy(model.Forward(train.X<float>(rows)), train.LabelsOf(rows));   // (E)
            },
            Diverged = (e, step, _) => members[e].Diverge(step, $"training loss not finite at step {step}"),
        };

        foreach (var m in members)
        {
            var scales = CorrelationMap.Of(m.Config.SigmaW2, m.Config.SigmaB2);
            if (double.IsFinite(scales.XiC)) m.Log(0, SignalPropagationMetrics.XiC, scales.XiC);
            m.Log(0, SignalPropagationMetrics.TrainClasses, train.Classes);
        }

        LogTraining(members, model, train, 0);
        loop.Run(1, c.TrainSteps, members[0].Cancellation);
        LogTraining(members, model, train, c.TrainSteps);
    }

    private static void LogTraining(IReadOnlyList<RunContext<SignalPropagationRun>> members, Sequential<float> model, Dataset train, int step)
    {
        var (loss, accuracy) = EnsembleClassifier.Evaluate(model, train, members.Count);
        for (int e = 0; e < members.Count; e++)
        {
            if (members[e].Diverged) continue;
            members[e].Log(step, SignalPropagationMetrics.TrainLoss, loss[e]);
            members[e].Log(step, SignalPropagationMetrics.TrainAccuracy, accuracy[e]);
        }
    }
}

using System.Numerics;
using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Training;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using static Tdlab.Experiments.CriticalManifolds.CriticalManifoldsMetrics;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>Training with Euclidean or Riemannian Adam, the probes on a schedule, and mid-run checkpoints.</summary>
public sealed partial class CriticalManifoldsExperiment
{
    /// <summary>Called with (checkpoint path, step) after each checkpoint is written; tests use it to interrupt a run.</summary>
    internal static Action<string, int>? CheckpointSaved;

    /// <summary>The checkpoint file's name under the run's checkpoint folder.</summary>
    public const string CheckpointName = "training.ckpt";

    /// <summary>
    /// The steps at which s_max and lambda_max(G) are probed: every probeEvery epochs, or (0) the seed's schedule, epochs
    /// 0, 1, 5, 10, ..., 50, 100, 200; always step 0 and the last step.
    /// </summary>
    public static SortedSet<int> ProbeSteps(int steps, int stepsPerEpoch, int probeEvery)
    {
        int epochs = steps / stepsPerEpoch;
        IEnumerable<int> marks = probeEvery > 0
            ? Enumerable.Range(0, epochs / probeEvery + 1).Select(k => k * probeEvery)
            : new[] { 0, 1 }.Concat(Enumerable.Range(1, 10).Select(k => 5 * k)).Concat([100, 200]);
        var set = new SortedSet<int>(marks.Where(e => e <= epochs).Select(e => e * stepsPerEpoch)) { 0, steps };
        return set;
    }

    /// <summary>
    /// Adam (Riemannian for the manifold matrices, their first moment transported; seed 004 section 3.4's groups:
    /// Euclidean variables and scales by plain Adam, manifold variables by Riemannian Adam) on minibatches whose order
    /// depends on the replicate only; training loss, accuracy and test accuracy every epoch; s_max, lambda_max(G) and the
    /// constraint drift on <see cref="ProbeSteps"/>. With checkpoint-every &gt; 0 the model, the optimiser and the rows
    /// logged so far are saved every that many steps, and a rerun of an unfinished run resumes from the last save.
    /// </summary>
    private static void Train<T>(RunContext<CriticalManifoldsRun> ctx, DataSplit data, InitScales scales) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = ctx.Config;
        var train = data.Train;
        var (model, manifold) = Build<T>(r, train.Dim, train.Classes, ctx.Shared("model", "weights"), scales);
        var geometry = GeometryOf<T>(r.Geometry);
        var flat = model.Parameters().Where(p => !manifold.Any(m => ReferenceEquals(m, p))).ToList();
        ParamGroup<T>[] groups = manifold.Count == 0
            ? [new ParamGroup<T>(flat, r.LearningRate)]
            : [new ParamGroup<T>(manifold, r.ManifoldLearningRate) { Geometry = geometry }, new ParamGroup<T>(flat, r.LearningRate)];
        var optimizer = new Adam<T>(groups);
        var batches = new Minibatches(train.Count, r.BatchSize, ctx.Shared("order", "minibatches"));
        var probes = ProbeSteps(r.Steps, batches.StepsPerEpoch, r.ProbeEvery);
        var state = model.Parameters().Concat(optimizer.StateTensors).ToList();
        var rows = new List<(int Step, string Metric, double Value)>();
        void Log(int step, Metric metric, double value)
        {
            rows.Add((step, metric.Name, value));
            ctx.Log(step, metric, value);
        }

        void Evaluate(int step)
        {
            var (loss, accuracy) = Classifier.Evaluate(model, train);
            Log(step, Accuracy, accuracy);
            Log(step, TestAccuracy, Classifier.Evaluate(model, data.Test).Accuracy);
            Log(step, CriticalManifoldsMetrics.Loss, loss);
        }

        void ProbeAt(int step)
        {
            var (sMax, fisher) = Probe(r, Snapshot(model), train, ctx.Rng.Child($"lanczos/{step}"), blocks: false);
            Log(step, SMax, sMax);
            Log(step, FisherMax, fisher.LambdaMax);
            if (manifold.Count > 0) Log(step, CriticalManifoldsMetrics.ConstraintDrift, ConstraintDrift(r.Geometry, manifold));
            ctx.ThrowIfCancelled();
        }

        string path = ctx.CheckpointPath(CheckpointName);
        int start = 0;
        if (r.CheckpointEvery > 0 && TrainingCheckpoint.TryLoad(path, ctx.RunId, state.Select(t => t.Length).ToList()) is { } saved)
        {
            saved.Restore(state);
            optimizer.RestoreStepCount(saved.OptimizerSteps);
            foreach (var (step, name, value) in saved.Rows) Log(step, All.Scalars.First(m => m.Name == name), value);
            start = saved.Step;
            for (int s = 0; s < start; s++) batches.Next();                // the minibatch stream where it was
        }
        else
        {
            Log(0, ChanceLoss, Math.Log(train.Classes));
            Evaluate(0);
            ProbeAt(0);
        }

        var loop = new TrainingLoop<T>(optimizer)
        {
            ReportTo = ctx,
            TotalSteps = r.Steps,
            Loss = _ =>
            {
                var idx = batches.Next();
                var loss = Nn.Loss.CrossEntropy(model.Forward(train.X<T>(idx)), train.LabelsOf(idx));
                if (r.ObliquePenalty > 0)
                    foreach (var w in manifold) loss = loss + Oblique<T>.Penalty(w, r.ObliquePenalty);   // eq. 22
                return loss;
            },
            Diverged = (_, step, loss) => ctx.Diverge(step, $"minibatch loss {loss} at step {step}"),
            AfterStep = (step, _, _) =>
            {
                if (step % batches.StepsPerEpoch == 0 || step == r.Steps) Evaluate(step);
                if (probes.Contains(step)) ProbeAt(step);
                if (r.CheckpointEvery > 0 && step % r.CheckpointEvery == 0 && step < r.Steps)
                {
                    TrainingCheckpoint.Capture(ctx.RunId, step, optimizer.StepCount, state, rows).Save(path);
                    CheckpointSaved?.Invoke(path, step);
                }
            },
        };
        loop.Run(start + 1, r.Steps, ctx.Cancellation);
        if (File.Exists(path)) File.Delete(path);
    }
}

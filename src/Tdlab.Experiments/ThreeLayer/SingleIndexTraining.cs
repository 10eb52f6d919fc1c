using Tdlab.Lab.Runner;
using Tdlab.Lab.Training;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// The thesis' training (seed 003, ch. 4): SGD without momentum on minibatches of 32 of each member's own training set
/// (shuffled passes from the replicate's stream "order/n"), a fixed number of steps. Members are independent runs
/// (different seeds) trained side by side; a member whose batch loss is not finite is marked diverged and stops.
/// </summary>
public static class SingleIndexTraining
{
    /// <summary>
    /// Steps 1..<paramref name="steps"/>; <paramref name="log"/> is called with the step count before step 1, after every
    /// <paramref name="logEvery"/> steps and after the last one.
    /// </summary>
    public static void Run(IReadOnlyList<RunContext> members, IReadOnlyList<SingleIndexTask> tasks, int batchSize, int steps, int logEvery,
        MemberStep step, Action<int> log)
    {
        int d = tasks[0].D;
        var batches = members.Select((m, e) => new Minibatches(tasks[e].TrainCount, batchSize, m.Shared($"order/{tasks[e].TrainCount}", "minibatches"))).ToArray();
        var xb = new double[batchSize * d];
        var yb = new double[batchSize];
        for (int s = 0; ; s++)
        {
            if (s % logEvery == 0 || s == steps) log(s);
            if (s == steps) break;
            members[0].ThrowIfCancelled();
            for (int e = 0; e < members.Count; e++)
            {
                if (members[e].Diverged) continue;
                var task = tasks[e];
                var rows = batches[e].Next();
                for (int i = 0; i < rows.Length; i++)
                {
                    Array.Copy(task.TrainX, rows[i] * d, xb, i * d, d);
                    yb[i] = task.TrainY[rows[i]];
                }

                double loss = step(e, xb, yb);
                if (!double.IsFinite(loss)) members[e].Diverge(s + 1, $"batch loss {loss} at step {s + 1}");
            }

            members[0].Progress(s + 1, steps, "step");
        }
    }
}

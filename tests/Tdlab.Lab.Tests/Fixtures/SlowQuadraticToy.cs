using Tdlab.Lab.Runner;
using Tdlab.Lab.Training;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;

namespace Tdlab.Lab.Tests.Fixtures;

/// <summary>
/// Test fixture: the quadratic toy (same name, runs and stored metrics) preceded by a slow training loop that
/// reports its steps (<see cref="TrainingLoop{T}.ReportTo"/>), so a short test sees a "long" run's progress. With
/// <paramref name="ensemble"/>, runs of one curvature and replicate form one group that reports through its first
/// member. The slow loop trains a throwaway tensor and draws nothing, so the logged metrics are the toy's own.
/// </summary>
public sealed class SlowQuadraticToy(int steps, TimeSpan perStep, bool ensemble = false) : QuadraticToyVariant
{
    public override string? EnsembleKey(QuadraticRun run, int replicate) =>
        ensemble ? FormattableString.Invariant($"a={run.Curvature}/r={replicate}") : null;

    public override void Run(RunContext<QuadraticRun> context)
    {
        TrainSlowly(context);
        Alone.Run(context);
    }

    public override void RunEnsemble(IReadOnlyList<RunContext<QuadraticRun>> members)
    {
        TrainSlowly(members[0]);
        foreach (RunContext<QuadraticRun> member in members)
            Alone.Run(member);
    }

    /// <summary>Gradient descent on w^2 / 2, sleeping in each step, reporting "step s of steps".</summary>
    private void TrainSlowly(RunContext reportTo)
    {
        var w = Tensor.From([1.0], 1);
        w.RequiresGrad = true;
        var loop = new TrainingLoop<double>(new Sgd<double>([w], 0.01))
        {
            ReportTo = reportTo,
            Loss = _ =>
            {
                Thread.Sleep(perStep);
                return (w * w * 0.5).Sum();
            },
        };
        loop.Run(1, steps, reportTo.Cancellation);
    }
}

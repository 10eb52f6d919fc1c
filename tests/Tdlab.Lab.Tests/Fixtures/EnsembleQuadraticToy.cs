using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Tests.Fixtures;

/// <summary>
/// Test fixture: the quadratic toy with the same name and runs, but runs of one curvature and replicate train
/// as one ensemble, stepping all members in lockstep. Each member logs exactly what it logs alone; a member
/// whose loss goes NaN is recorded diverged and stops while the others go on.
/// </summary>
public sealed class EnsembleQuadraticToy : QuadraticToyVariant
{
    /// <summary>How many ensemble groups were executed (for tests).</summary>
    public int GroupsExecuted;

    public override string? EnsembleKey(QuadraticRun run, int replicate) =>
        FormattableString.Invariant($"a={run.Curvature}/r={replicate}");

    public override void RunEnsemble(IReadOnlyList<RunContext<QuadraticRun>> members)
    {
        Interlocked.Increment(ref GroupsExecuted);
        var x = members.Select(m => 1.0 + m.Config.Noise * m.Rng.NextNormal()).ToArray();
        int steps = members[0].Config.Steps;
        for (int k = 0; k <= steps; k++)
        {
            for (int e = 0; e < members.Count; e++)
            {
                var ctx = members[e];
                var c = ctx.Config;
                if (ctx.Diverged) continue;
                if (c.FailHere && k == 3)
                    throw new InvalidOperationException("the toy failed on purpose");
                ctx.Log(k, QuadraticMetrics.Loss, c.NanHere && k == c.NanStep ? double.NaN : 0.5 * c.Curvature * x[e] * x[e]);
                if (ctx.Diverged) continue;
                ctx.Log(k, QuadraticMetrics.X, x[e]);
                double lr = c.Schedule == Schedule.Constant ? c.LearningRate : c.LearningRate / (1 + k);
                x[e] -= lr * (c.Curvature * x[e] + c.Noise * ctx.Rng.NextNormal());
            }
        }
    }
}

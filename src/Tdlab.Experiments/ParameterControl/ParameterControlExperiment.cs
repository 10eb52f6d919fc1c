using Tdlab.Experiments.ThreeLayer;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn.Projected;
using static Tdlab.Experiments.ParameterControl.ParameterControlMetrics;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>
/// Parameter control in the three-layer case study (seed 003, sections 4.4-4.5): initialise w to w* (H4), fix g to g*
/// and train only w (H5), initialise g from a trained 1-D learner (H6), widen the bottleneck (H7); and the 2-D toy
/// f(x, y) = (x^2 + y^2 - 1)^2 - 0.5 x, where fixing y to its optimum turns a saddle into a local minimum. The data, net
/// and optimiser are the three-layer family's; the seeds of one setting train as one ensemble and every arm of a
/// replicate shares its data, w* and initial draws (paired design).
/// </summary>
public sealed partial class ParameterControlExperiment : Experiment<ParameterControlConfig, ParameterControlRun>
{
    public override string Name => "parameter-control";

    public override string Title => "Parameter control in the three-layer case study: fixing or initialising w and g, bottlenecks, the 2-D toy";

    public override string SeedReference => "seed 003 (three-layer case study: sections 4.4 and 4.5)";

    public override MetricSet Metrics => All;

    public override ParameterControlConfig Quick => new() { Seeds = 20 };

    public override ParameterControlConfig Full => new()
    {
        Seeds = 20, Steps = 30000, TrainSize = 10000, ValidationSize = 2000, WStarNus = [0.5, 1, 1.5], ConeCosines = [0.3, 0.6, 0.9],
        Bottlenecks = [1, 2, 4, 8], BottleneckNus = [0.5, 1, 1.5], ToyTrajectories = 50,
    };

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("width m = 100, 12000 SGD steps, 1000 training points (quick; full: 30000 steps, 10^4 points, more nu, cosines and bottlenecks) instead of m = 1000 " +
            "and the thesis' sizes (10^5 for the bottleneck study)",
            "as in three-layer: m = 1000 diverges at lr 5e-4 on the summed loss with PyTorch's default initialisation, and the quick budget is about 35 CPU-seconds"),
        new("H5 and H6 are compared with the baseline at the cone initialisation (initial CosSim 0.6 in the quick preset), not at LeCun w",
            "the thesis compares them with Fig. 4.5 (the cone initialisation); at nu = 1 and LeCun w the baseline never succeeds, which leaves nothing to compare"),
        new("H6's 1-D learner is trained on the same data, for the same number of steps, with w fixed to w*; its g then initialises the net whose w is the baseline's draw",
            "the thesis does not say how its 1-D learner was trained"),
        new("the toy's SGD noise is emulated by Gaussian noise of standard deviation 0.1 added to each gradient component, step 0.01, 4000 steps, 10 trajectories per seed",
            "the thesis shows SGD trajectories without giving their noise; the 2-D toy has no data to sample minibatches from"),
        new("H4's runs at nu = 0.5 as well as nu = 1 (w-star-nus = 0.5, 1)",
            "with 20 runs, 20 of 20 staying at w* gives the Clopper-Pearson interval [0.83, 1], so h4-w-stays-at-w-star (threshold 0.9) could not hold at " +
            "any outcome; 40 runs can (40 of 40: [0.91, 1]). Seen after the first quick run (20 of 20, inconclusive); the threshold is unchanged", "2026-12-01"),
        new("h4-w-stays-at-w-star counts seeds, not runs: the fraction of seeds all of whose w = w* runs keep |CosSim| >= 0.999, Clopper-Pearson over " +
            "seeds; it was written as the fraction of runs, Clopper-Pearson over runs",
            "review: the runs of one seed share its data and initialisation across nu, so they are not independent replicates (which also undoes the " +
            "reason for the nu = 0.5 runs above); the threshold (above 0.9) is unchanged. With 20 seeds all staying the interval is [0.83, 1], so the " +
            "quick verdict moves from holds (40/40 runs, [0.91, 1]) to inconclusive", "2026-12-01"),
        new("success threshold: the log-gap rule of three-layer (widest gap of the pooled log10 relative validation losses of every non-toy run), fixed before any claim",
            "the thesis separates success and failure by eye"),
    ];

    public override void Validate(ParameterControlConfig c)
    {
        if (c.TrainSize < c.BatchSize) throw new BadInputException($"train-size {c.TrainSize} is smaller than batch-size {c.BatchSize}");
    }

    public override long MemoryEstimate(ParameterControlRun r) =>
        r.IsToy ? 0 : 8L * ((long)(r.TrainSize + r.ValidationSize) * (r.InputDim + 1) + 2L * (r.Bottleneck + 3) * r.Width + 2L * r.Bottleneck * r.InputDim);

    public override IEnumerable<ParameterControlRun> Grid(ParameterControlConfig c)
    {
        foreach (double nu in c.WStarNus)
        {
            yield return new ParameterControlRun(c) { Arm = Arm.WStar, Nu = nu };
            yield return new ParameterControlRun(c) { Arm = Arm.OneD, Nu = nu };
        }

        foreach (double cos in c.ConeCosines)
            foreach (var arm in new[] { Arm.Baseline, Arm.FixedG, Arm.GFromOneD })
                yield return new ParameterControlRun(c) { Arm = arm, Nu = c.ControlNu, ConeCos = cos };
        foreach (double nu in c.BottleneckNus)
            foreach (int k in c.Bottlenecks)
                yield return new ParameterControlRun(c) { Arm = k == 1 ? Arm.Baseline : Arm.Bottleneck, Nu = nu, Bottleneck = k };
        if (c.Toy)
        {
            yield return new ParameterControlRun(c) { Arm = Arm.Toy2D };
            yield return new ParameterControlRun(c) { Arm = Arm.Toy1D };
        }
    }

    public override string? EnsembleKey(ParameterControlRun run, int replicate) => run.IsToy ? null : run.ToString();

    public override void Run(RunContext<ParameterControlRun> context)
    {
        if (context.Config.IsToy) RunToy(context);
        else RunEnsemble([context]);
    }

    public override void RunEnsemble(IReadOnlyList<RunContext<ParameterControlRun>> members)
    {
        var c = members[0].Config;
        var tasks = members.Select(m => SingleIndexTask.Load(m, c.InputDim, c.TrainSize, c.ValidationSize, c.Nu)).ToList();
        if (c.Arm == Arm.FixedG)
        {
            var models = members.Select((m, e) => new FixedLinkModel(InitialWeights(m, c, tasks[e]).W[..c.InputDim], c.Nu)).ToList();
            Train(members, tasks, c, (e, x, y) => models[e].Step(x, y, c.LearningRate), e => (models[e].Output, models[e].W));
            return;
        }

        var weights = members.Select((m, e) => InitialWeights(m, c, tasks[e])).ToList();
        if (c.Arm == Arm.GFromOneD) InitialiseFromOneD(members, tasks, c, weights);
        var ensemble = new ProjectedReluEnsemble(weights) { Trainable = c.Arm == Arm.OneD ? ProjectedReluParts.Learner : ProjectedReluParts.All };
        Train(members, tasks, c, (e, x, y) => ensemble.Step(e, x, y, c.LearningRate), e => (weights[e].Output, weights[e].K == 1 ? weights[e].W : null));
    }

    private static void Train(IReadOnlyList<RunContext<ParameterControlRun>> members, List<SingleIndexTask> tasks, ParameterControlRun c, MemberStep step,
        Func<int, (Predictor F, double[]? W)> state) =>
        SingleIndexTraining.Run(members, tasks, c.BatchSize, c.Steps, c.LogEvery, step, s =>
        {
            for (int e = 0; e < members.Count; e++)
            {
                if (members[e].Diverged) continue;
                var (f, w) = state(e);
                ThreeLayerExperiment.LogState(members[e], f, w, tasks[e], s, s == c.Steps);
            }
        });

    /// <summary>
    /// The replicate's draws from "init/d/m/k" (LeCun W, PyTorch-default g); w = w* for the w* and 1-D arms; the cone rotation
    /// (stream "cone/d") when a cone cosine is set. Every arm of a replicate with one k starts from the same draws.
    /// </summary>
    private static ProjectedReluWeights InitialWeights(RunContext ctx, ParameterControlRun c, SingleIndexTask task)
    {
        var p = ProjectedReluWeights.Init(c.InputDim, c.Width, c.Bottleneck, ctx.Shared($"init/{c.InputDim}/{c.Width}/{c.Bottleneck}", "weights"));
        if (c.Arm is Arm.WStar or Arm.OneD) task.Teacher.CopyTo(p.W, 0);
        else if (c.ConeCos > 0) ConeInit.Apply(p.W, task.Teacher, c.ConeCos, ctx.Shared($"cone/{c.InputDim}", "weights"));
        return p;
    }

    /// <summary>
    /// H6: trains a 1-D learner (the replicate's g draws, w fixed to w*) on each member's data for the run's steps, logs its
    /// validation MSE, and copies its g (U, b, v) into the member's weights, whose w stays the baseline's draw.
    /// </summary>
    private static void InitialiseFromOneD(IReadOnlyList<RunContext<ParameterControlRun>> members, List<SingleIndexTask> tasks, ParameterControlRun c,
        List<ProjectedReluWeights> weights)
    {
        var oneD = members.Select((m, e) => InitialWeights(m, c with { Arm = Arm.OneD }, tasks[e])).ToList();
        var learner = new ProjectedReluEnsemble(oneD) { Trainable = ProjectedReluParts.Learner };
        SingleIndexTraining.Run(members, tasks, c.BatchSize, c.Steps, c.Steps, (e, x, y) => learner.Step(e, x, y, c.LearningRate), _ => { });
        for (int e = 0; e < members.Count; e++)
        {
            var t = tasks[e];
            members[e].Log(0, PretrainLoss, SingleIndexTask.Mse(oneD[e].Output, t.ValidationX, t.ValidationY, t.D, t.ValidationY.Length));
            oneD[e].U.CopyTo(weights[e].U, 0);
            oneD[e].B.CopyTo(weights[e].B, 0);
            oneD[e].V.CopyTo(weights[e].V, 0);
        }
    }

    /// <summary>Distance from a minimum at which a trajectory counts as having reached it.</summary>
    public const double ToyRadius = 0.1;

    /// <summary>
    /// The toy: toy-trajectories noisy descents from (-0.5, 0), each with its own stream; counts those ending near the global
    /// minimum and near the saddle / 1-D local minimum; the 2-D run also descends once without noise (it must stay on the axis).
    /// Replicate 0 stores its paths.
    /// </summary>
    private static void RunToy(RunContext<ParameterControlRun> ctx)
    {
        var c = ctx.Config;
        bool fixY = c.Arm == Arm.Toy1D;
        double xg = TiltedRing.GlobalMinimum, xl = TiltedRing.Saddle;
        int global = 0, local = 0;
        const int every = 20;
        var paths = new List<double>();
        int points = 0;
        for (int t = 0; t < c.ToyTrajectories; t++)
        {
            var path = TiltedRing.Descend(-0.5, 0, c.ToyRate, c.ToyNoise, c.ToySteps, fixY, ctx.Rng.Child($"trajectory {t}"), every);
            var (x, y) = path[^1];
            if (Math.Sqrt((x - xg) * (x - xg) + y * y) < ToyRadius) global++;
            if (Math.Sqrt((x - xl) * (x - xl) + y * y) < ToyRadius) local++;
            paths.AddRange(path.Select(p => p.X));
            paths.AddRange(path.Select(p => p.Y));
            points = path.Count;
        }

        ctx.Log(c.ToySteps, ToyGlobal, global);
        ctx.Log(c.ToySteps, ToyLocal, local);
        ctx.Log(c.ToySteps, ToyTrajectories, c.ToyTrajectories);
        if (!fixY)
        {
            var noiseless = TiltedRing.Descend(-0.5, 0, c.ToyRate, 0, c.ToySteps, false, ctx.Rng.Child("noiseless"));
            ctx.Log(c.ToySteps, ToyNoiselessOffAxis, noiseless.Max(p => Math.Abs(p.Y)));
        }

        if (ctx.Replicate == 0) ctx.LogArray(ToyPathsArray, c.ToySteps, paths.ToArray(), c.ToyTrajectories, 2, points);
    }
}

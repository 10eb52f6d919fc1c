using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn.Projected;
using Tdlab.Probes;
using Tdlab.Tensors;
using static Tdlab.Experiments.ThreeLayer.ThreeLayerMetrics;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// The three-layer case study of seed 003 (a thesis, chapters 3-4): f(x) = v^T relu(u (w^T x) + b) learning
/// y = sin(nu pi w*^T x) from Gaussian inputs, against the 1-D learner g(t) = v^T relu(u t + b) that is handed w*.
/// H1 (does the three-layer net learn as reliably?), the |CosSim(w, w*)| explanation of the bimodal loss and the cone
/// initialisation, the phases of learning (H2/H3: NTK change, CosSim, loss), the NTK's smallest eigenvalue (H8) and
/// the train-set-size phenomenon. The seeds of one setting train side by side as one ensemble; every run of a
/// replicate shares its data, w* and initial draws (paired design).
/// </summary>
public sealed partial class ThreeLayerExperiment : Experiment<ThreeLayerConfig, ThreeLayerRun>
{
    public override string Name => "three-layer";

    public override string Title => "The three-layer case study: learning w and g together, CosSim, phases of learning";

    public override string SeedReference => "seed 003 (three-layer case study: sections 3, 4.1-4.3, 4.6, 4.7)";

    public override MetricSet Metrics => All;

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("width: hidden width m = 100 in both presets (the thesis: 1000)",
            "with the thesis' optimiser (SGD, lr 5e-4 on the summed loss 1/2 sum over 32 examples) and PyTorch's default initialisation of the 1-D learner, " +
            "m = 1000 diverges within 500 steps (measured: every member NaN), since the batch NTK's largest eigenvalue grows like 32 m; the thesis' own " +
            "initialisation or loss normalisation must have differed, and it does not say how"),
        new("scale: 12000 SGD steps per run, one training-set size (1000) and 500 validation points in the quick preset; the full preset runs 30000 " +
            "steps, train sizes 10^2..10^5, 2000 validation points and the train-size study at d = 100",
            "the quick preset of every family must cost about 35 CPU-seconds; 20 seeds per cell keep the success-rate intervals decisive"),
        new("the 1-D learner's initialisation is not given by the thesis: u, b ~ U(-1, 1) and v ~ U(-1/sqrt(m), 1/sqrt(m)) (PyTorch's nn.Linear default), " +
            "w ~ N(0, 1/d) (LeCun, as the thesis says); the output has no bias (Eq. 3.3)",
            "the thesis trained with PyTorch, whose default this is"),
        new("success threshold: the thesis separates success and failure by eye on the bimodal loss; here a rule fixed before any claim was computed: " +
            "pool the final validation MSE / Var(y) of the comparison and cone runs, and put the threshold at the log10 midpoint of the widest gap between " +
            "consecutive sorted values in [1e-8, 2]",
            "a threshold that depends on no claim's outcome; the gap's width is reported with every claim"),
        new("at m = 100 and 12000 steps the 1-D learner reaches a relative validation loss of about 0.03 (nu = 1) and 0.15 (nu = 1.5), not the thesis' 1e-3; " +
            "it still lies an order of magnitude below the failed three-layer runs (about 1, the loss of predicting 0), so the log-gap rule counts it a success",
            "a smaller width and fewer steps than the thesis"),
        new("H1 and the cone claim are decided by an exact paired sign test (McNemar: among seeds whose two arms differ, the fraction in the claimed " +
            "direction, Clopper-Pearson, above 1/2) instead of the percentile bootstrap of the success-rate difference first written",
            "with 20/20 against 0/20 successes the bootstrap has no spread and the lab's rule makes such an estimate inconclusive by construction; the " +
            "threshold side (the 1-D learner / the larger c does better) is unchanged", "2026-12-01"),
        new("the train-size study runs at nu = 0.5 (it was written at nu = 1)",
            "at d = 100, nu = 1, 30000 steps (10 seeds, sizes 10^2..10^5) no run learnt w at any size: the final training loss rose monotonically to " +
            "Var(y) (the constant predictor), so the phenomenon cannot show; the thesis does not give Fig. 4.16's frequency. Both runs are reported in " +
            "docs/families/three-layer.md; the claim and its rule are unchanged", "2026-12-01"),
        new("final-cossim-explains-success counts seeds, not runs: the fraction of seeds all of whose three-layer runs agree (success exactly when " +
            "final |CosSim| >= 0.99), Clopper-Pearson over seeds; it was written as the fraction of runs, Clopper-Pearson over runs",
            "review: the runs of one seed share its data and initialisation across nu and train size, so they are not independent replicates; the " +
            "threshold (above 0.9) is unchanged. With 20 seeds all agreeing the interval is [0.83, 1], so the quick verdict moves from holds (80/80 " +
            "runs, [0.95, 1]) to inconclusive", "2026-12-01"),
        new("phase times are read on the log grid (every 200 steps in the quick preset), and the NTK is probed on the 20 nu = 0.5 runs only",
            "the first phase at nu = 0.5 lasts about 400-2000 steps; a finer grid costs NTK evaluations the quick budget does not have"),
    ];

    public override ThreeLayerConfig Quick => new() { Seeds = 20 };

    public override ThreeLayerConfig Full => new()
    {
        Seeds = 20, Steps = 30000, ValidationSize = 2000, TrainSizes = [100, 1000, 10000, 100000],
        OneDNus = [0.5, 0.7, 1, 1.5], ConeCosines = [0.1, 0.3, 0.5, 0.7, 0.9], TrainSizeSizes = [100, 300, 1000, 3000, 10000, 30000, 100000],
    };

    public override void Validate(ThreeLayerConfig c)
    {
        if (c.TrainSizes.Concat(c.TrainSizeSizes).Any(n => n < c.BatchSize))
            throw new BadInputException($"every train size must be at least batch-size {c.BatchSize}");
        if (c.ProbeSize > c.TrainSizes.Min())
            throw new BadInputException($"probe-size {c.ProbeSize} exceeds the smallest train size {c.TrainSizes.Min()}");
        if (c.ConeCosines.Any(v => v >= 1))
            throw new BadInputException("cone-cosines must lie in [0, 1)");
    }

    /// <summary>Data (training and validation rows, d doubles each) and the net; an ensemble multiplies this by its members.</summary>
    public override long MemoryEstimate(ThreeLayerRun r) => 8L * ((long)(r.TrainSize + r.ValidationSize) * (r.InputDim + 1) + 6L * r.Width + 2L * r.InputDim);

    public override IEnumerable<ThreeLayerRun> Grid(ThreeLayerConfig c)
    {
        foreach (int n in c.TrainSizes)
            foreach (double nu in c.Nus)
                yield return new ThreeLayerRun(c) { Study = Study.Comparison, Learner = Learner.ThreeLayer, Nu = nu, TrainSize = n, Probes = nu == c.PhaseNu && n == c.TrainSizes[0] };
        foreach (int n in c.TrainSizes)
            foreach (double nu in c.OneDNus)
                yield return new ThreeLayerRun(c) { Study = Study.Comparison, Learner = Learner.OneD, Nu = nu, TrainSize = n };
        foreach (double cos in c.ConeCosines)
            yield return new ThreeLayerRun(c) { Study = Study.Cone, Learner = Learner.ThreeLayer, Nu = c.ConeNu, TrainSize = c.TrainSizes[0], ConeCos = cos };
        foreach (int n in c.TrainSizeSizes)
            yield return new ThreeLayerRun(c) { Study = Study.TrainSize, Learner = Learner.ThreeLayer, Nu = c.TrainSizeNu, TrainSize = n, InputDim = c.TrainSizeDim };
    }

    /// <summary>The seeds of one setting train as one ensemble.</summary>
    public override string? EnsembleKey(ThreeLayerRun run, int replicate) => run.ToString();

    public override void Run(RunContext<ThreeLayerRun> context) => RunEnsemble([context]);

    public override void RunEnsemble(IReadOnlyList<RunContext<ThreeLayerRun>> members)
    {
        var c = members[0].Config;
        int d = c.InputDim;
        var tasks = members.Select(m => SingleIndexTask.Load(m, d, c.TrainSize, c.ValidationSize, c.Nu)).ToList();
        var weights = members.Select((m, e) => InitialWeights(m, c, tasks[e])).ToList();
        var ensemble = new ProjectedReluEnsemble(weights)
        {
            Trainable = c.Learner == Learner.OneD ? ProjectedReluParts.Learner : ProjectedReluParts.All,
        };
        var drifts = c.Probes ? members.Select((m, e) => StartProbes(m, weights[e], tasks[e], c.ProbeSize)).ToList() : null;
        var frameSteps = FrameSteps(c);
        SingleIndexTraining.Run(members, tasks, c.BatchSize, c.Steps, c.LogEvery,
            (e, x, y) => ensemble.Step(e, x, y, c.LearningRate),
            step =>
            {
                for (int e = 0; e < members.Count; e++)
                {
                    var ctx = members[e];
                    if (ctx.Diverged) continue;
                    LogState(ctx, weights[e].Output, weights[e].W, tasks[e], step, step == c.Steps);
                    if (drifts is not null)
                    {
                        var (change, min, max) = Measure(drifts[e], weights[e]);
                        ctx.Log(step, NtkChange, change);
                        ctx.Log(step, NtkMinEigenvalue, min);
                        ctx.Log(step, NtkMaxEigenvalue, max);
                        if (ctx.Replicate == 0 && frameSteps.Contains(step)) LogFrame(ctx, weights[e], tasks[e], step, c.FramePoints);
                    }
                }
            });
    }

    /// <summary>
    /// LeCun w and PyTorch-default g from the replicate's stream "init/d/m" (shared by every learner and nu); the 1-D
    /// learner's w is w*; the cone runs rotate w to CosSim c with the stream "cone/d".
    /// </summary>
    private static ProjectedReluWeights InitialWeights(RunContext ctx, ThreeLayerRun c, SingleIndexTask task)
    {
        var p = ProjectedReluWeights.Init(c.InputDim, c.Width, 1, ctx.Shared($"init/{c.InputDim}/{c.Width}", "weights"));
        if (c.Learner == Learner.OneD) task.Teacher.CopyTo(p.W, 0);
        else if (c.ConeCos > 0) ConeInit.Apply(p.W, task.Teacher, c.ConeCos, ctx.Shared($"cone/{c.InputDim}", "weights"));
        return p;
    }

    /// <summary>
    /// Validation and training MSE of f (training: at most 4096 rows before the last step, all at the last) and, given the
    /// projection w (k = 1), |CosSim(w, w*)|. Parameter-control logs through it too: its metric set declares these same metric objects.
    /// </summary>
    internal static void LogState(RunContext ctx, Predictor f, double[]? w, SingleIndexTask task, int step, bool last)
    {
        if (step == 0) ctx.Log(0, TargetVariance, task.TargetVariance);
        ctx.Log(step, ValidationLoss, SingleIndexTask.Mse(f, task.ValidationX, task.ValidationY, task.D, task.ValidationY.Length));
        ctx.Log(step, TrainLoss, SingleIndexTask.Mse(f, task.TrainX, task.TrainY, task.D, last ? task.TrainCount : Math.Min(task.TrainCount, 4096)));
        if (w is not null) ctx.Log(step, CosSim, CosineSimilarity.Absolute(w, task.Teacher));
    }

    /// <summary>The NTK drift probe on the first probe-size training rows, and the agreement of the two NTK computations at step 0.</summary>
    private static NtkDrift StartProbes(RunContext ctx, ProjectedReluWeights p, SingleIndexTask task, int rows)
    {
        var batch = Tensor.From(task.TrainX.AsSpan(0, rows * task.D).ToArray(), rows, task.D);
        var net = new ProjectedReluNet(p);
        var drift = new NtkDrift(net, batch);
        ctx.Log(0, NtkAgreement, drift.Initial.MaxRelativeDifference(EmpiricalNtk.ByVectorProducts(net, batch)));
        return drift;
    }

    private static (double Change, double Min, double Max) Measure(NtkDrift drift, ProjectedReluWeights p) => drift.Measure(new ProjectedReluNet(p));

    /// <summary>
    /// Step 0 and Frames - 1 log steps spaced geometrically from log-every to the last step (rounded to log steps), so that
    /// the short first phase gets frames of its own.
    /// </summary>
    internal static HashSet<int> FrameSteps(ThreeLayerSettings c)
    {
        var steps = new HashSet<int> { 0 };
        for (int i = 0; i < c.Frames - 1; i++)
        {
            double s = c.LogEvery * Math.Pow((double)c.Steps / c.LogEvery, c.Frames > 2 ? i / (double)(c.Frames - 2) : 1);
            steps.Add(Math.Min(c.Steps, (int)Math.Round(s / c.LogEvery) * c.LogEvery));
        }

        return steps;
    }

    /// <summary>(w^T x_i, y_i) of the first training rows and the curve g_theta(t) on 101 points spanning them.</summary>
    private static void LogFrame(RunContext ctx, ProjectedReluWeights p, SingleIndexTask task, int step, int points)
    {
        int n = Math.Min(points, task.TrainCount), d = task.D;
        var rows = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double t = 0;
            for (int l = 0; l < d; l++) t += p.W[l] * task.TrainX[i * d + l];
            rows[i] = t;
            rows[n + i] = task.TrainY[i];
        }

        double lo = rows.Take(n).Min(), hi = rows.Take(n).Max();
        const int grid = 101;
        var curve = new double[2 * grid];
        var learner = new ProjectedReluWeights(1, p.M);
        learner.W[0] = 1;
        p.U.CopyTo(learner.U, 0);
        p.B.CopyTo(learner.B, 0);
        p.V.CopyTo(learner.V, 0);
        for (int j = 0; j < grid; j++)
        {
            double t = lo + (hi - lo) * j / (grid - 1);
            curve[j] = t;
            curve[grid + j] = learner.Output([t]);
        }

        ctx.LogArray(FramePointsArray, step, rows, 2, n);
        ctx.LogArray(FrameCurveArray, step, curve, 2, grid);
    }
}

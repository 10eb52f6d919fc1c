using System.Globalization;
using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Probes;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// Exact learning dynamics of deep linear networks (seed 001; Saxe, McClelland &amp; Ganguli 2013): mode strengths
/// u_alpha(t) of full-batch gradient descent on whitened data against the analytic sigmoid u_f(t) (3-layer net) and the
/// reduced ODE tau du/dt = D u^{2-2/D}(s - u) (deeper nets); learning time vs depth for orthogonal vs scaled-Gaussian init.
/// </summary>
public sealed partial class DeepLinearExperiment : Experiment<DeepLinearConfig, DeepLinearRun>
{
    public override string Name => "deep-linear";

    public override string Title => "Exact learning dynamics of deep linear networks: mode strengths, stages, and depth";

    public override string SeedReference => "seed 001 (Saxe, McClelland & Ganguli 2013)";

    public override DeepLinearConfig Quick => new() { Seeds = 2 };

    public override DeepLinearConfig Full => new()
    {
        Seeds = 5, OdeDepths = [3, 4, 6], Depths = [2, 4, 8, 16, 32, 64], Width = 16, HierarchyLevels = 4, MaxSteps = 60000, LogEvery = 5,
    };

    public override void Validate(DeepLinearConfig c)
    {
        if (c.SingularValues.Length == 0 || c.SingularValues.Any(s => !(s > 0)))
            throw new BadInputException("singular-values must be a non-empty list of positive numbers");
        if (c.InitialStrength <= 0 || c.DeepInitialStrength <= 0 || c.InitialStrength >= c.SingularValues.Min() / 2)
            throw new BadInputException("initial-strength and deep-initial-strength must be positive and below s_min / 2");
        if (c.OdeDepths.Any(d => d < 2) || c.Depths.Any(d => d < 1) || c.Depths.Length == 0)
            throw new BadInputException("ode-depths must be >= 2 and depths >= 1 (non-empty)");
        if (c.Width < c.SingularValues.Length)
            throw new BadInputException($"width {c.Width} is smaller than the {c.SingularValues.Length} singular values");
        if (c.StepScale <= 0 || c.Eta <= 0 || c.Horizon <= 1 || c.Criterion <= 0 || c.MaxSteps < 1 || c.LogEvery < 1)
            throw new BadInputException("step-scale, eta, criterion must be positive, horizon > 1, max-steps and log-every >= 1");
        if (c.HierarchyLevels is < 1 or > 6) throw new BadInputException($"hierarchy-levels must be in 1..6, got {c.HierarchyLevels}");
    }

    public override IEnumerable<DeepLinearRun> Grid(DeepLinearConfig c)
    {
        string spectrum = string.Join(",", c.SingularValues.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
        var hierarchy = LinearTask.Hierarchy(c.HierarchyLevels, c.HierarchyScale).Svd.S;
        DeepLinearRun Decoupled(string task, double[] s, int depth, double u0)
        {
            double lr = c.StepScale / (depth / 2.0 * Math.Pow(s.Max(), 2 - 2.0 / depth));
            double slowest = s.Where(v => v > 1e-9 * s.Max()).Min();
            int steps = (int)Math.Ceiling(c.Horizon * SaxeDynamics.OdeHalfTime(depth, slowest, u0, 1 / lr));
            return new DeepLinearRun(DeepLinearRun.Decoupled, task, depth, task == DeepLinearRun.Spectrum ? s.Length : 0,
                task == DeepLinearRun.Spectrum ? spectrum : "", task == DeepLinearRun.Hierarchy ? c.HierarchyLevels : 0,
                task == DeepLinearRun.Hierarchy ? c.HierarchyScale : 0, u0, lr, steps, 0, c.LogEvery);
        }

        yield return Decoupled(DeepLinearRun.Spectrum, c.SingularValues, 2, c.InitialStrength);
        yield return Decoupled(DeepLinearRun.Hierarchy, hierarchy, 2, c.InitialStrength);
        foreach (int d in c.OdeDepths.Where(d => d != 2))
            yield return Decoupled(DeepLinearRun.Spectrum, c.SingularValues, d, c.DeepInitialStrength);
        foreach (string init in new[] { DeepLinearRun.OrthogonalInit, DeepLinearRun.GaussianInit })
            foreach (int d in c.Depths)
                yield return new DeepLinearRun(init, DeepLinearRun.Spectrum, d, c.Width, spectrum, 0, 0, 0, c.Eta / d, c.MaxSteps, c.Criterion, c.LogEvery);
    }

    public override void Run(RunContext<DeepLinearRun> ctx)
    {
        var c = ctx.Config;
        var task = TaskOf(c, new Rng(Seeds.Derive(Seeds.Hash(Name + "/task"), ctx.Replicate), "task"));
        int modes = task.Modes;
        for (int a = 0; a < modes; a++) ctx.Log(0, $"s_{a}", task.Svd.S[a]);
        if (c.Kind == DeepLinearRun.Decoupled) RunDecoupled(ctx, task, modes);
        else RunLearningTime(ctx, task);
    }

    /// <summary>The task of a run: the "spectrum" task's U, V, X depend on the replicate's stream only, so every run of a replicate shares them.</summary>
    internal static LinearTask TaskOf(DeepLinearRun c, Rng rng) => c.Task == DeepLinearRun.Hierarchy
        ? LinearTask.Hierarchy(c.HierarchyLevels, c.HierarchyScale)
        : LinearTask.Spectrum(ParseValues(c.SingularValues), Math.Max(c.Width, ParseValues(c.SingularValues).Length), rng);

    internal static double[] ParseValues(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static void RunDecoupled(RunContext<DeepLinearRun> ctx, LinearTask task, int modes)
    {
        var c = ctx.Config;
        var net = LinearChain.Decoupled(task, c.Depth, Math.Max(modes, task.NIn), c.InitialStrength, ctx.Rng.Child("frames"));
        var previous = new double[modes];
        var crossed = new bool[modes];
        for (int step = 0; step <= c.Steps; step++)
        {
            var proj = ModeStrengths.Measure(net.Weights, net.Widths, task.Svd);
            bool log = step % c.LogEvery == 0 || step == c.Steps;
            for (int a = 0; a < modes; a++)
            {
                double u = proj.Strengths[a], s = task.Svd.S[a];
                if (log) ctx.Log(step, $"u_{a}", u);
                if (!crossed[a] && u >= s / 2)
                {
                    // First crossing of s/2, linearly interpolated between steps.
                    crossed[a] = true;
                    double t = step == 0 ? 0 : step - 1 + (s / 2 - previous[a]) / (u - previous[a]);
                    ctx.Log(0, $"t_half_{a}", t);
                }

                previous[a] = u;
            }

            double loss = net.Step(task, step < c.Steps ? c.LearningRate : 0);
            if (log)
            {
                ctx.Log(step, "loss", loss);
                ctx.Log(step, "coupling", proj.OffDiagonal);
            }

            if (step % 500 == 0) ctx.ThrowIfCancelled();
        }
    }

    private static void RunLearningTime(RunContext<DeepLinearRun> ctx, LinearTask task)
    {
        var c = ctx.Config;
        var net = LinearChain.Random(task, c.Depth, c.Width, c.Kind, ctx.Rng.Child("init"));
        double reference = 0.5 * task.Svd.S.Sum(s => s * s);
        double target = c.Criterion * reference;
        ctx.Log(0, "reference_loss", reference);
        int every = c.LogEvery * 5;
        for (int step = 0; step <= c.Steps; step++)
        {
            double loss = net.Step(task, c.LearningRate);
            if (step % every == 0) ctx.Log(step, "loss", loss);
            if (!double.IsFinite(loss))
            {
                ctx.Diverge(step, $"loss not finite at step {step}");
                return;
            }

            if (loss <= target)
            {
                ctx.Log(step, "loss", loss);
                ctx.Log(0, "learning_time", step);
                return;
            }

            if (step % 500 == 0) ctx.ThrowIfCancelled();
        }
    }
}

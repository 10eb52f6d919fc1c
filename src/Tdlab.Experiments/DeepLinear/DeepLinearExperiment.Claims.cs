using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.DeepLinear.DeepLinearMetrics;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>The seed's expected results, pre-registered as claims and decided from the stored runs; the integrator check apart.</summary>
public sealed partial class DeepLinearExperiment
{
    /// <summary>Largest tolerated max_t |u − theory| / s of a decoupled run (analytic curve and reduced ODE).</summary>
    public const double CurveTolerance = 0.02;

    /// <summary>Largest tolerated |t_sim / t_theory − 1| of the half-time.</summary>
    public const double HalfTimeTolerance = 0.05;

    /// <summary>Smallest growth factor of learning time with depth, Gaussian over orthogonal.</summary>
    public const double DepthGrowthRatio = 2;

    /// <summary>RK4 of the reduced ODE at D = 2 against the closed form, max |Δu| / s.</summary>
    public const double IntegratorTolerance = 1e-6;

    private const string Realised = "How is it realized (technically)?";

    private static readonly SeedStatement Sigmoid = new("seed 001", Realised,
        "the authors find that the learning speed follows a sigmoid function as described in " +
        @"$$u_{f}(t)=\frac{s e^{2 s t / \tau}}{e^{2 s t / \tau}-1+s / u_{0}}$$ , which coincides with the experiment well");

    private static readonly SeedStatement Deeper = new("seed 001", Realised,
        "Then the authors generalize to a multi-layer linear network case assuming all weights are orthogonal. " +
        @"The differential equation can be therefore written as $$\tau \frac{d}{d t} u=N_{l} u^{2}(s-u)$$");

    private static readonly SeedStatement OrthogonalFast = new("seed 001", "TL;DR",
        "Initializing the weights on the manifold of orthogonal weights gives rise to fast and converging learning dynamics, which is validated by experiments");

    /// <summary>The decoupled runs of a replicate differ only by rotations (U, V, inner frames) under which the mode dynamics are invariant.</summary>
    private const string DecoupledUnit =
        "independent seed (the task's U, V, X and the inner frames; the mode dynamics are invariant under these rotations, so replicates differ at rounding level)";

    public static readonly ClaimSpec AnalyticCurve = new("analytic-curve",
        "the 3-layer linear net trained by full-batch gradient descent from decoupled small initial conditions follows the analytic sigmoid u_f(t) = s e^{2st/τ} / (e^{2st/τ} − 1 + s/u_0) on every task",
        Sigmoid, "max over logged t and modes α of |u_α(t) − u_f(t)| / s_α of the replicate's D = 2 decoupled run; one component per task (spectrum, hierarchy)",
        Rule.Below(CurveTolerance), DecoupledUnit);

    public static readonly ClaimSpec HalfTime = new("half-time",
        "3-layer net: the time for a mode to reach s/2 matches the analytic (τ/2s) ln(s/u_0 − 1) on every task",
        Sigmoid, "max over modes α of |t_sim / t_theory − 1| of the replicate's D = 2 decoupled run (t_sim interpolated between steps); one component per task",
        Rule.Below(HalfTimeTolerance), DecoupledUnit);

    public static readonly ClaimSpec ReducedOde = new("reduced-ode",
        "deeper linear nets (D weight matrices) from balanced decoupled initial conditions follow the reduced mode ODE at every depth",
        Deeper, "max over logged t and modes of |u_α(t) − u_ode(t)| / s_α, u_ode the RK4 solution of Saxe et al. 2013's τ du/dt = D u^{2−2/D}(s − u) " +
        "(the review writes N_l u^2 (s − u)); one component per depth D of ode-depths",
        Rule.Below(CurveTolerance), DecoupledUnit);

    public static readonly ClaimSpec OrthogonalDepth = new("orthogonal-depth",
        "learning time (full-batch GD at learning rate η/D to a fixed fraction of the zero map's loss) grows far less with depth from random orthogonal than from scaled-Gaussian initialisation",
        OrthogonalFast, "ln[(T_Gauss(D_max) / T_Gauss(D_min)) / (T_orth(D_max) / T_orth(D_min))], paired within a replicate (same task Σ31 and data); " +
        "a run that never reached the criterion counts as max-steps (a lower bound)",
        Rule.Above(Math.Log(DepthGrowthRatio)));

    public override IEnumerable<Claim> Claims(Results<DeepLinearRun> results)
    {
        var shallow = Decoupled(results).Where(r => r.Config.Depth == 2).ToList();
        if (shallow.Count == 0)
        {
            yield return results.NotMeasured(AnalyticCurve, "no finished decoupled 3-layer runs");
            yield return results.NotMeasured(HalfTime, "no finished decoupled 3-layer runs");
        }
        else
        {
            var byTask = shallow.GroupBy(r => r.Config.Task).OrderBy(g => g.Key).ToList();
            yield return results.ClaimAll(AnalyticCurve,
                byTask.Select(g => (EnumNames.Of(g.Key), Estimate.Mean(g.Select(r => WorstFit(r).MaxError)))).ToList(),
                Describe(shallow, f => f.MaxError, "max |u − u_f|/s"));
            yield return results.ClaimAll(HalfTime,
                byTask.Select(g => (EnumNames.Of(g.Key), Estimate.Mean(g.Select(r => ModeFits(r).Max(f => Math.Abs(f.HalfTimeRatio - 1)))))).ToList(),
                Describe(shallow, f => f.HalfTimeRatio, "t_sim/t_theory"));
        }

        var deep = Decoupled(results).Where(r => r.Config.Depth != 2).ToList();
        yield return deep.Count == 0
            ? results.NotMeasured(ReducedOde, "no finished deeper decoupled runs (ode-depths)")
            : results.ClaimAll(ReducedOde,
                deep.GroupBy(r => r.Config.Depth).OrderBy(g => g.Key)
                    .Select(g => ($"D = {g.Key}", Estimate.Mean(g.Select(r => WorstFit(r).MaxError)))).ToList(),
                Describe(deep, f => f.MaxError, "max |u − u_ode|/s"));

        var times = LearningTimes(results);
        var depths = times.Select(t => t.Depth).Distinct().Order().ToList();
        if (depths.Count < 2 || times.Select(t => t.Init).Distinct().Count() < 2)
        {
            yield return results.NotMeasured(OrthogonalDepth, "needs orthogonal and Gaussian learning-time runs at two or more depths");
        }
        else
        {
            int dMin = depths[0], dMax = depths[^1];
            var perReplicate = results.PerReplicate(runs => DepthGrowthLogRatio(runs, dMin, dMax));
            double Growth(RunKind init) => Time(times, init, dMax) / Time(times, init, dMin);
            bool capped = times.Any(t => t.Depth == dMax && t.Capped > 0);
            yield return results.Claim(OrthogonalDepth, Estimate.Mean(perReplicate),
                $"D = {dMin} → {dMax}; growth of the seed-mean time: orthogonal ×{Claim.Format(Growth(RunKind.Orthogonal))}, Gaussian ×{Claim.Format(Growth(RunKind.Gaussian))}; " +
                $"ratio Gaussian/orthogonal at D = {dMax}: {Claim.Format(Time(times, RunKind.Gaussian, dMax) / Time(times, RunKind.Orthogonal, dMax))}" +
                (capped ? " (some runs hit max-steps; their time counts as max-steps, a lower bound)" : "") + "; " +
                string.Join("; ", times.OrderBy(t => t.Init).ThenBy(t => t.Depth).Select(t => $"{EnumNames.Of(t.Init)} D={t.Depth}: {t.Time}")));
        }
    }

    public override IEnumerable<Check> Checks(Results<DeepLinearRun> results)
    {
        // The reduced-ODE integrator against the closed form where both exist (D = 2), at the 3-layer runs' logged times.
        var shallow = Decoupled(results).Where(r => r.Config.Depth == 2).ToList();
        if (shallow.Count == 0) yield break;
        double worst = shallow.SelectMany(r => Modes(r).Select(a =>
        {
            double s = r.Initial(SingularValue.At(a));
            var times = r.Series(ModeStrength.At(a)).Select(p => (double)p.Step).ToArray();
            var rk4 = SaxeDynamics.Integrate(2, s, r.Config.InitialStrength, r.Config.Tau, times);
            return times.Select((t, i) => Math.Abs(rk4[i] - SaxeDynamics.Analytic(s, r.Config.InitialStrength, r.Config.Tau, t))).Max() / s;
        })).Max();
        yield return results.Check("ode-integrator-closed-form",
            "the RK4 integrator of the reduced ODE at D = 2 reproduces the closed form u_f(t) at the logged times of every 3-layer run (max |Δu| / s)",
            worst, $"<= {Claim.Format(IntegratorTolerance)}", worst <= IntegratorTolerance, $"{shallow.Count} runs");
    }

    /// <summary>
    /// ln of (Gaussian growth / orthogonal growth) of learning time from <paramref name="dMin"/> to <paramref name="dMax"/>
    /// within one replicate's runs (NaN if a run is missing); a run that never reached the criterion counts as its step budget.
    /// </summary>
    internal static double DepthGrowthLogRatio(IReadOnlyList<RunView<DeepLinearRun>> runs, int dMin, int dMax)
    {
        double T(RunKind init, int depth) => runs.FirstOrDefault(r => r.Config.Kind == init && r.Config.Depth == depth) is { } r ? TimeOf(r) : double.NaN;
        return Math.Log(T(RunKind.Gaussian, dMax) / T(RunKind.Gaussian, dMin)) - Math.Log(T(RunKind.Orthogonal, dMax) / T(RunKind.Orthogonal, dMin));
    }

    /// <summary>Steps to the criterion, or the step budget if the run never reached it (a lower bound).</summary>
    private static double TimeOf(RunView<DeepLinearRun> r) => double.IsNaN(r.Initial(CriterionStep)) ? r.Config.Steps : r.Initial(CriterionStep);

    private static IEnumerable<RunView<DeepLinearRun>> Decoupled(Results<DeepLinearRun> results) =>
        results.Done.Where(r => r.Config.Kind == RunKind.Decoupled);

    private static ModeFit WorstFit(RunView<DeepLinearRun> run) => ModeFits(run).MaxBy(f => f.MaxError)!;

    private static double Time(List<LearningTime> times, RunKind init, int depth) =>
        times.Where(t => t.Init == init && t.Depth == depth).Select(t => t.Time.Mean).DefaultIfEmpty(double.NaN).First();

    private static string Describe(List<RunView<DeepLinearRun>> runs, Func<ModeFit, double> value, string what) =>
        $"{what}, worst mode of each run: " + string.Join("; ", runs.Select(r => ModeFits(r).ToList())
            .Select(fits => fits.MaxBy(f => Math.Abs(value(f) - (what.StartsWith('t') ? 1 : 0)))!)
            .Select(f => $"{f.Run} (s={Claim.Format(f.S)}): {Claim.Format(value(f))}"));

    /// <summary>The modes a decoupled run logged (0 .. count - 1).</summary>
    private static IEnumerable<int> Modes(RunView<DeepLinearRun> run)
    {
        for (int a = 0; run.Has(ModeStrength.At(a)); a++) yield return a;
    }

    /// <summary>Per-mode comparison of a decoupled run with theory (analytic for D = 2, RK4 of the reduced ODE otherwise).</summary>
    internal static IEnumerable<ModeFit> ModeFits(RunView<DeepLinearRun> run)
    {
        var c = run.Config;
        foreach (int a in Modes(run))
        {
            var series = run.Series(ModeStrength.At(a));
            double s = run.Initial(SingularValue.At(a));
            var times = series.Select(p => (double)p.Step).ToArray();
            var theory = Theory(c, s, times);
            double maxError = series.Select((p, i) => Math.Abs(p.Value - theory[i])).Max() / s;
            double tSim = run.Initial(HalfCrossing.At(a));
            double tTheory = SaxeDynamics.OdeHalfTime(c.Depth, s, c.InitialStrength, c.Tau);
            yield return new ModeFit($"{EnumNames.Of(c.Task)} D={c.Depth} seed {run.Replicate}", s, maxError, tSim / tTheory);
        }
    }

    /// <summary>The theoretical u(t) at the given steps: u_f for D = 2, the reduced ODE otherwise.</summary>
    internal static double[] Theory(DeepLinearRun c, double s, double[] times) => c.Depth == 2
        ? times.Select(t => SaxeDynamics.Analytic(s, c.InitialStrength, c.Tau, t)).ToArray()
        : SaxeDynamics.Integrate(c.Depth, s, c.InitialStrength, c.Tau, times);

    /// <summary>Learning time per (init, depth) over seeds; a run that never reached the criterion counts as its step budget.</summary>
    internal static List<LearningTime> LearningTimes(Results<DeepLinearRun> results) =>
        results.Done.Where(r => r.Config.Kind != RunKind.Decoupled)
            .GroupBy(r => (r.Config.Kind, r.Config.Depth))
            .Select(g => new LearningTime(g.Key.Kind, g.Key.Depth, g.First().Config.Criterion,
                MeanStd.Of(g.Select(TimeOf)),
                g.Count(r => double.IsNaN(r.Initial(CriterionStep)))))
            .OrderBy(t => t.Init).ThenBy(t => t.Depth).ToList();

    internal sealed record ModeFit(string Run, double S, double MaxError, double HalfTimeRatio);

    internal sealed record LearningTime(RunKind Init, int Depth, double Criterion, MeanStd Time, int Capped);
}

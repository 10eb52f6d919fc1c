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

    /// <summary>Largest tolerated max_t |u − u_f(t − Δ)| / s of a random-init mode after alignment at its half-crossing (fixed before the first run, 2026-12-01).</summary>
    public const double AlignedTolerance = 0.05;

    /// <summary>The depths whose orthogonal learning times are compared for depth independence (issue 11: 16 over 8).</summary>
    public const int IndependenceShallow = 8, IndependenceDeep = 16;

    /// <summary>Depth independence: T_orth(16) / T_orth(8) within [1/1.25, 1.25].</summary>
    public const double IndependenceBand = 1.25;

    private static readonly SeedStatement ConstantSpeed = new("seed 001", Realised,
        "which imples that the learning speed converges to constant when the number of layers goes to infinity");

    public static readonly ClaimSpec RandomInitCurve = new("random-init-curve",
        "from a small random (not decoupled) initialisation, the 3-layer net's mode strengths u_α(t) = u_αᵀ W v_α follow the analytic sigmoid u_f once aligned: " +
        "u_f shifted in time to the mode's own half-crossing matches the whole trajectory",
        Sigmoid, "max over modes α and logged t of |u_α(t) − u_f(t − Δ_α)| / s_α, Δ_α = t_sim,α − (τ/2s_α) ln(s_α/u_0 − 1) (a mode that never reaches s_α/2 counts 1), per seed",
        Rule.Below(AlignedTolerance), "independent seed (random Gaussian weights W_1, W_2 and the task's U, V, X)");

    public static readonly ClaimSpec OrthogonalDepth = new("orthogonal-depth",
        "learning time (full-batch GD at learning rate η/D to a fixed fraction of the zero map's loss) grows far less with depth from random orthogonal than from scaled-Gaussian initialisation",
        OrthogonalFast, "ln[(T_Gauss(D_max) / T_Gauss(D_min)) / (T_orth(D_max) / T_orth(D_min))], paired within a replicate (same task Σ31 and data); " +
        "a run that never reached the criterion counts as max-steps (a lower bound)",
        Rule.Above(Math.Log(DepthGrowthRatio)));

    public static readonly ClaimSpec OrthogonalIndependence = new("orthogonal-depth-independence",
        $"from random orthogonal initialisation at learning rate η/D, learning time no longer grows with depth: T({IndependenceDeep}) / T({IndependenceShallow}) lies within [0.8, 1.25]",
        ConstantSpeed, $"T_orth(D = {IndependenceDeep}) / T_orth(D = {IndependenceShallow}), steps to the criterion, paired within a seed (same task); a capped run counts as max-steps",
        Rule.Within(1 / IndependenceBand, IndependenceBand), "independent seed (Haar orthogonal weights and the task's U, V, X)");

    public override IEnumerable<Claim> Claims(Results<DeepLinearRun> results)
    {
        var random = results.Done.Where(r => r.Config.Kind == RunKind.RandomSmall).ToList();
        yield return random.Count == 0
            ? results.NotMeasured(RandomInitCurve, "no finished small-random-init runs (random-init-strength = 0)")
            : results.Claim(RandomInitCurve, Estimate.Mean(random.Select(AlignedError)),
                $"u_0 = {Claim.Format(random[0].Config.InitialStrength)}, width {random[0].Config.Width}; mode coupling ‖offdiag(UᵀWV)‖ at t = 0 " +
                $"{MeanStd.Of(random.Select(r => r.Initial(Coupling)))} (not decoupled), at the end {MeanStd.Of(random.Select(r => r.Final(Coupling)))}; worst mode per seed: " + string.Join("; ",
                    random.Select(r => $"seed {r.Replicate}: " + string.Join(", ", AlignedFits(r).Select(f => $"s={Claim.Format(f.S)} {Claim.Format(f.MaxError)}")))));

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

        if (!depths.Contains(IndependenceShallow) || !depths.Contains(IndependenceDeep))
        {
            yield return results.NotMeasured(OrthogonalIndependence, $"needs orthogonal learning-time runs at depths {IndependenceShallow} and {IndependenceDeep}");
        }
        else
        {
            var ratios = results.PerReplicate(runs => IndependenceRatio(runs)).Where(v => !double.IsNaN(v)).ToList();
            yield return results.Claim(OrthogonalIndependence, Estimate.Mean(ratios),
                "T(16)/T(8) per seed: " + string.Join(", ", ratios.Select(Claim.Format)));
        }
    }

    public override IEnumerable<Check> Checks(Results<DeepLinearRun> results)
    {
        // The decoupled runs differ between seeds only by rotations under which the mode dynamics are invariant: they
        // verify the implementation (gradient descent reproduces the gradient-flow theory), they are not replicates.
        var shallow = Decoupled(results).Where(r => r.Config.Depth == 2).ToList();
        if (shallow.Count > 0)
        {
            double curve = shallow.Max(r => WorstFit(r).MaxError);
            yield return results.Check("analytic-curve",
                "the 3-layer net from decoupled initial conditions follows u_f(t) on every task (max over runs, modes and logged t of |u − u_f| / s)",
                curve, $"<= {Claim.Format(CurveTolerance)}", curve <= CurveTolerance, Describe(shallow, f => f.MaxError, "max |u − u_f|/s"));
            double half = shallow.Max(r => ModeFits(r).Max(f => Math.Abs(f.HalfTimeRatio - 1)));
            yield return results.Check("half-time",
                "3-layer net, decoupled: the time to reach s/2 matches (τ/2s) ln(s/u_0 − 1) (max over runs and modes of |t_sim / t_theory − 1|)",
                half, $"<= {Claim.Format(HalfTimeTolerance)}", half <= HalfTimeTolerance, Describe(shallow, f => f.HalfTimeRatio, "t_sim/t_theory"));
        }

        var deep = Decoupled(results).Where(r => r.Config.Depth != 2).ToList();
        if (deep.Count > 0)
        {
            double ode = deep.Max(r => WorstFit(r).MaxError);
            yield return results.Check("reduced-ode",
                "deeper nets from balanced decoupled initial conditions follow the RK4 solution of τ du/dt = D u^{2−2/D}(s − u) (max |u − u_ode| / s)",
                ode, $"<= {Claim.Format(CurveTolerance)}", ode <= CurveTolerance, Describe(deep, f => f.MaxError, "max |u − u_ode|/s"));
        }

        // The reduced-ODE integrator against the closed form where both exist (D = 2), at the 3-layer runs' logged times.
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

    /// <summary>The worst mode's aligned error of a small-random-init run (the claim's per-seed statistic).</summary>
    internal static double AlignedError(RunView<DeepLinearRun> run) => AlignedFits(run).Max(f => f.MaxError);

    /// <summary>
    /// Per mode: the time shift Δ = t_sim − t_theory of the half-crossing and max_t |u(t) − u_f(t − Δ)| / s (1 if the mode never
    /// reached s/2). Shifting u_f absorbs the unknown effective u_0 and the alignment time of a random init.
    /// </summary>
    internal static IEnumerable<AlignedFit> AlignedFits(RunView<DeepLinearRun> run)
    {
        var c = run.Config;
        foreach (int a in Modes(run))
        {
            double s = run.Initial(SingularValue.At(a));
            double tSim = run.Has(HalfCrossing.At(a)) ? run.Initial(HalfCrossing.At(a)) : double.NaN;
            if (double.IsNaN(tSim))
            {
                yield return new AlignedFit(s, double.NaN, 1);
                continue;
            }

            double shift = tSim - SaxeDynamics.HalfTime(s, c.InitialStrength, c.Tau);
            double error = run.Series(ModeStrength.At(a)).Max(p => Math.Abs(p.Value - SaxeDynamics.Analytic(s, c.InitialStrength, c.Tau, p.Step - shift))) / s;
            yield return new AlignedFit(s, shift, error);
        }
    }

    /// <summary>T_orth(16) / T_orth(8) within one replicate's runs (NaN if either is missing).</summary>
    internal static double IndependenceRatio(IReadOnlyList<RunView<DeepLinearRun>> runs)
    {
        double T(int depth) => runs.FirstOrDefault(r => r.Config.Kind == RunKind.Orthogonal && r.Config.Depth == depth) is { } r ? TimeOf(r) : double.NaN;
        return IndependenceRatio(T(IndependenceShallow), T(IndependenceDeep));
    }

    /// <summary>orthogonal-depth-independence's value of one replicate: T_orth(deep) / T_orth(shallow).</summary>
    internal static double IndependenceRatio(double shallowTime, double deepTime) => deepTime / shallowTime;

    /// <summary>
    /// ln of (Gaussian growth / orthogonal growth) of learning time from <paramref name="dMin"/> to <paramref name="dMax"/>
    /// within one replicate's runs (NaN if a run is missing); a run that never reached the criterion counts as its step budget.
    /// </summary>
    internal static double DepthGrowthLogRatio(IReadOnlyList<RunView<DeepLinearRun>> runs, int dMin, int dMax)
    {
        double T(RunKind init, int depth) => runs.FirstOrDefault(r => r.Config.Kind == init && r.Config.Depth == depth) is { } r ? TimeOf(r) : double.NaN;
        return DepthGrowthLogRatio(T(RunKind.Gaussian, dMin), T(RunKind.Gaussian, dMax), T(RunKind.Orthogonal, dMin), T(RunKind.Orthogonal, dMax));
    }

    /// <summary>
    /// orthogonal-depth's value of one replicate from its four learning times:
    /// ln(T_Gauss(D_max) / T_Gauss(D_min)) − ln(T_orth(D_max) / T_orth(D_min)).
    /// </summary>
    internal static double DepthGrowthLogRatio(double gaussianShallow, double gaussianDeep, double orthogonalShallow, double orthogonalDeep) =>
        Math.Log(gaussianDeep / gaussianShallow) - Math.Log(orthogonalDeep / orthogonalShallow);

    /// <summary>Steps to the criterion, or the step budget if the run never reached it (a lower bound).</summary>
    private static double TimeOf(RunView<DeepLinearRun> r) => TimeToCriterion(r.Initial(CriterionStep), r.Config.Steps);

    /// <summary>A run's learning time from its logged criterion step (NaN when never reached) and its step budget: the budget then (a lower bound).</summary>
    internal static double TimeToCriterion(double criterionStep, int steps) => double.IsNaN(criterionStep) ? steps : criterionStep;

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
        results.Done.Where(r => r.Config.Kind is RunKind.Orthogonal or RunKind.Gaussian)
            .GroupBy(r => (r.Config.Kind, r.Config.Depth))
            .Select(g => new LearningTime(g.Key.Kind, g.Key.Depth, g.First().Config.Criterion,
                MeanStd.Of(g.Select(TimeOf)),
                g.Count(r => double.IsNaN(r.Initial(CriterionStep)))))
            .OrderBy(t => t.Init).ThenBy(t => t.Depth).ToList();

    internal sealed record AlignedFit(double S, double Shift, double MaxError);

    internal sealed record ModeFit(string Run, double S, double MaxError, double HalfTimeRatio);

    internal sealed record LearningTime(RunKind Init, int Depth, double Criterion, MeanStd Time, int Capped);
}

using Tdlab.Lab.Claims;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>The seed's expected results, measured from the stored runs.</summary>
public sealed partial class DeepLinearExperiment
{
    public override IEnumerable<Claim> Claims(Results<DeepLinearRun> results)
    {
        var decoupled = results.Done.Where(r => r.Config.Kind == DeepLinearRun.Decoupled).ToList();
        var shallow = decoupled.Where(r => r.Config.Depth == 2).ToList();
        var deep = decoupled.Where(r => r.Config.Depth != 2).ToList();
        if (shallow.Count == 0)
        {
            yield return results.Check("no-runs", "the decoupled 3-layer runs have finished", double.NaN, "> 0 runs", false);
            yield break;
        }

        // (1) 3-layer net: simulated u_alpha(t) vs the analytic sigmoid, max |error| over t relative to s, worst mode.
        var fits = shallow.SelectMany(ModeFits).ToList();
        var worst = fits.MaxBy(f => f.MaxError)!;
        yield return results.AtMost("analytic-curve",
            "3-layer net from decoupled initial conditions: simulated mode strength u_α(t) follows u_f(t) = s e^{2st/τ} / (e^{2st/τ} − 1 + s/u_0); max over t of |u − u_f| / s, worst mode",
            worst.MaxError, 0.02, Describe(fits, f => f.MaxError, "max |u − u_f|/s"));

        // (2) time to reach s/2 vs (tau / 2s) ln(s/u_0 - 1).
        var worstTime = fits.MaxBy(f => Math.Abs(f.HalfTimeRatio - 1))!;
        yield return results.AtMost("half-time",
            "3-layer net: the time for a mode to reach s/2 matches (τ/2s) ln(s/u_0 − 1); |t_sim / t_theory − 1|, worst mode",
            Math.Abs(worstTime.HalfTimeRatio - 1), 0.05, Describe(fits, f => f.HalfTimeRatio, "t_sim/t_theory"));

        // (3) deeper nets vs the reduced ODE.
        if (deep.Count > 0)
        {
            var deepFits = deep.SelectMany(ModeFits).ToList();
            yield return results.AtMost("reduced-ode",
                "deeper nets (D weight matrices) from balanced decoupled initial conditions: u_α(t) follows the reduced ODE τ du/dt = D u^{2−2/D}(s − u) integrated by RK4; max |u − u_ode| / s, worst mode",
                deepFits.Max(f => f.MaxError), 0.02, Describe(deepFits, f => f.MaxError, "max |u − u_ode|/s"));
        }

        // (4) learning time vs depth: orthogonal grows far less than Gaussian.
        var times = LearningTimes(results);
        if (times.Count > 0)
        {
            int dMin = times.Min(t => t.Depth), dMax = times.Max(t => t.Depth);
            double Growth(string init) => Time(times, init, dMax) / Time(times, init, dMin);
            double orth = Growth(DeepLinearRun.OrthogonalInit), gauss = Growth(DeepLinearRun.GaussianInit);
            double ratioAtMax = Time(times, DeepLinearRun.GaussianInit, dMax) / Time(times, DeepLinearRun.OrthogonalInit, dMax);
            bool capped = times.Any(t => t.Depth == dMax && t.Capped > 0);
            yield return results.AtLeast("orthogonal-depth",
                $"learning time (steps at learning rate η/D to reach {Claim.Format(times[0].Criterion)} of the zero map's loss) grows far less with depth for orthogonal than for scaled-Gaussian init: " +
                $"growth factor T(D={dMax})/T(D={dMin}) Gaussian divided by orthogonal, at least 2",
                gauss / orth, 2.0,
                $"growth D={dMin}→{dMax}: orthogonal ×{Claim.Format(orth)}, Gaussian ×{Claim.Format(gauss)}; ratio Gaussian/orthogonal at D={dMax}: {Claim.Format(ratioAtMax)}" +
                (capped ? " (some runs hit max-steps; their time counts as max-steps, a lower bound)" : "") + "; " +
                string.Join("; ", times.OrderBy(t => t.Init).ThenBy(t => t.Depth).Select(t => $"{t.Init} D={t.Depth}: {t.Time}")));
        }
    }

    private static double Time(List<LearningTime> times, string init, int depth) =>
        times.Where(t => t.Init == init && t.Depth == depth).Select(t => t.Time.Mean).DefaultIfEmpty(double.NaN).First();

    private static string Describe(List<ModeFit> fits, Func<ModeFit, double> value, string what) =>
        $"{what}, worst mode of each run: " + string.Join("; ", fits.GroupBy(f => f.Run)
            .Select(g => g.MaxBy(f => Math.Abs(value(f) - (what.Contains('/') && what.StartsWith('t') ? 1 : 0)))!)
            .Select(f => $"{f.Run} (s={Claim.Format(f.S)}): {Claim.Format(value(f))}"));

    /// <summary>Per-mode comparison of a decoupled run with theory (analytic for D = 2, RK4 of the reduced ODE otherwise).</summary>
    internal static IEnumerable<ModeFit> ModeFits(RunView<DeepLinearRun> run)
    {
        var c = run.Config;
        for (int a = 0; run.Series($"u_{a}").Length > 0; a++)
        {
            var series = run.Series($"u_{a}");
            double s = run.Initial($"s_{a}");
            var times = series.Select(p => (double)p.Step).ToArray();
            var theory = Theory(c, s, times);
            double maxError = series.Select((p, i) => Math.Abs(p.Value - theory[i])).Max() / s;
            double tSim = run.Initial($"t_half_{a}");
            double tTheory = SaxeDynamics.OdeHalfTime(c.Depth, s, c.InitialStrength, c.Tau);
            yield return new ModeFit($"{c.Task} D={c.Depth} seed {run.Replicate}", s, maxError, tSim / tTheory);
        }
    }

    /// <summary>The theoretical u(t) at the given steps: u_f for D = 2, the reduced ODE otherwise.</summary>
    internal static double[] Theory(DeepLinearRun c, double s, double[] times) => c.Depth == 2
        ? times.Select(t => SaxeDynamics.Analytic(s, c.InitialStrength, c.Tau, t)).ToArray()
        : SaxeDynamics.Integrate(c.Depth, s, c.InitialStrength, c.Tau, times);

    /// <summary>Learning time per (init, depth) over seeds; a run that never reached the criterion counts as its step budget.</summary>
    internal static List<LearningTime> LearningTimes(Results<DeepLinearRun> results) =>
        results.Done.Where(r => r.Config.Kind != DeepLinearRun.Decoupled)
            .GroupBy(r => (r.Config.Kind, r.Config.Depth))
            .Select(g => new LearningTime(g.Key.Kind, g.Key.Depth, g.First().Config.Criterion,
                MeanStd.Of(g.Select(r => double.IsNaN(r.Initial("learning_time")) ? r.Config.Steps : r.Initial("learning_time"))),
                g.Count(r => double.IsNaN(r.Initial("learning_time")))))
            .OrderBy(t => t.Init).ThenBy(t => t.Depth).ToList();

    internal sealed record ModeFit(string Run, double S, double MaxError, double HalfTimeRatio);

    internal sealed record LearningTime(string Init, int Depth, double Criterion, MeanStd Time, int Capped);
}

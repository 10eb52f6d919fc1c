using Tdlab.Experiments.Common;
using Tdlab.Data.Sequences;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Specs;
using static Tdlab.Experiments.RnnGating.RnnGatingMetrics;

namespace Tdlab.Experiments.RnnGating;

/// <summary>The seed's expected results, pre-registered as claims and decided from the stored runs.</summary>
public sealed partial class RnnGatingExperiment
{
    /// <summary>
    /// A run "trains" when its final held-out loss is below this fraction of the task's input-blind baseline
    /// (ln a for copy, 1/6 MSE for adding). 0.4 asks for more than remembering one of the adding problem's two
    /// numbers (which leaves MSE 1/12, a fraction 0.5).
    /// </summary>
    public const double TrainedFraction = 0.4;

    /// <summary>"Geometric in t": R^2 of the log-linear fit above this.</summary>
    public const double GeometricR2 = 0.9;

    /// <summary>Vanishing / exploding: ||dL/dh_1|| / ||dL/dh_(L-k)|| beyond a factor 10 at the longest T.</summary>
    public const double DecadesOfChange = 1.0;

    private const string Section = "Experimental plans, 3. RNN Training Dynamics (Vanilla vs Gated), Expected results";

    private static readonly SeedStatement VanillaSuffers = new("seed 000", Section,
        "the vanilla RNN will suffer vanishing/exploding gradients under random init and thus train poorly");

    private static readonly SeedStatement OrthogonalHelps = new("seed 000", Section,
        "Using orthogonal init should significantly improve the vanilla RNN (pushing it toward the \u201cedge of chaos\u201d)");

    private static readonly SeedStatement GatingWider = new("seed 000", Section, "gating provides a much larger stable regime");

    /// <summary>The tasks a claim is decided on, one claim (or one component) per task: never pooled across tasks.</summary>
    public static readonly SequenceTask[] AllTasks = [SequenceTask.Copy, SequenceTask.Adding];

    public static readonly ClaimSpec GradientGeometric = new("rnn-gradient-geometric",
        "vanilla RNN at init: log ||dL/dh_t|| is linear in t (the gradient changes geometrically going back in time), on every task",
        VanillaSuffers,
        "R^2 of the least-squares line log ||dL/dh_t|| = a + b t over t = 1..L-k at init, mean over the vanilla RNN's Gaussian runs " +
        "(σ_w x T) of a task in a replicate (the geometric change of Pascanu, Mikolov and Bengio 2013); must hold on every task",
        Rule.Above(GeometricR2));

    public static readonly ClaimSpec VanishingSmallSigma = new("rnn-vanishing-small-sigma",
        "vanilla RNN at the smallest Gaussian σ_w of the sweep: the gradient norm vanishes going back in time, by more than a factor 10 over the longest T, on every task",
        VanillaSuffers,
        "log10(||dL/dh_1|| / ||dL/dh_(L-k)||) at init, vanilla RNN, smallest σ_w, longest T, per task and replicate; must hold on every task",
        Rule.Below(-DecadesOfChange));

    public static readonly ClaimSpec ExplodingLargeSigma = new("rnn-exploding-large-sigma",
        "vanilla RNN at the largest Gaussian σ_w of the sweep: the gradient norm explodes going back in time, by more than a factor 10 over the longest T, on every task",
        VanillaSuffers,
        "log10(||dL/dh_1|| / ||dL/dh_(L-k)||) at init, vanilla RNN, largest σ_w, longest T, per task and replicate; must hold on every task",
        Rule.Above(DecadesOfChange));

    /// <summary>One claim per task: orthogonal beats Gaussian recurrent weights for the vanilla RNN.</summary>
    public static readonly IReadOnlyDictionary<SequenceTask, ClaimSpec> OrthogonalBeatsGaussian = AllTasks.ToDictionary(t => t, t => new ClaimSpec(
        $"orthogonal-beats-gaussian-rnn-{EnumNames.Of(t)}",
        $"vanilla RNN on {EnumNames.Of(t)}: orthogonal recurrent weights train better than Gaussian ones at the same scale σ_w",
        OrthogonalHelps,
        $"ln(mean final held-out loss / baseline of the orthogonal runs over that of the Gaussian runs) on {EnumNames.Of(t)}, at the scales in both sweeps, " +
        "over T, paired within a replicate (same sequences and weight draws); a replicate with a diverged run (ratio ±inf) is dropped and counted",
        Rule.Below(0)));

    /// <summary>One claim per gated model and task: its trainable area on that task exceeds the vanilla RNN's.</summary>
    public static readonly IReadOnlyDictionary<(RecurrentModel Model, SequenceTask Task), ClaimSpec> WiderRegion =
        (from m in new[] { RecurrentModel.Gru, RecurrentModel.Lstm, RecurrentModel.Minimal }
         from t in AllTasks
         select (m, t)).ToDictionary(k => k, k => new ClaimSpec(
            $"{EnumNames.Of(k.m)}-wider-region-{EnumNames.Of(k.t)}",
            $"{ModelLabel(k.m)} trains in a wider region of (σ_w, T) than the vanilla RNN on {EnumNames.Of(k.t)}",
            GatingWider,
            $"trainable area (fraction of the Gaussian (σ_w, T) cells of {EnumNames.Of(k.t)} whose final held-out loss is below {TrainedFraction} x the task's " +
            $"input-blind baseline; diverged = not trained) of {ModelLabel(k.m)} minus the vanilla RNN's, per replicate",
            Rule.Above(0)));

    /// <summary>One claim per task: the longest trainable T rises with the recurrent map's timescale at init (Chen et al. 2018's signature).</summary>
    public static readonly IReadOnlyDictionary<SequenceTask, ClaimSpec> LengthTracksTimescale = AllTasks.ToDictionary(t => t, t => new ClaimSpec(
        $"trainable-length-tracks-timescale-{EnumNames.Of(t)}",
        $"on {EnumNames.Of(t)}, the longest trainable T rises with the timescale ξ over which the gradient vanishes or explodes going back in time at init",
        VanillaSuffers,
        $"Spearman rank correlation, over the (model, init, σ_w) cells of {EnumNames.Of(t)} in a replicate, between ξ = 1 / |b| (b the fitted slope of log ||dL/dh_t|| " +
        $"per step at init, mean over T: the steps over which the gradient changes by a factor e, vanishing or exploding) and T_max, the longest T of the grid whose final loss is below {TrainedFraction} x baseline (0 when none)",
        Rule.Above(0)));

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("tasks: the copy task and the adding problem (synthetic), no character-level language model",
            "the seed allows \u201ca synthetic sequence copying task\u201d; both tasks have a known input-blind baseline and a length T that can be set, which the (σ_w, T) region needs"),
        new("scale: quick preset H = 32, T in {10, 20, 40}, 200 steps (full: H = 64, T up to 200, 1000 steps; float32 with the gradient-norm probe in float64)",
            "the quick preset of all families finishes in minutes on 2 cores; the full preset as first declared (H = 128, 3000 steps, float64) cost about 18 hours on 2 cores, " +
            "cut (issue 17, before any full run) to about 70 minutes at 3 seeds; a net that needs more than 1000 steps counts as not trained", "2026-12-01"),
        new("5 seeds in both presets (were 3)",
            "an audit against issue 11 (at least 5 seeds where claims compare conditions) found every comparison decided on 3 seeds; raised after the 3-seed quick results " +
            "were seen and before any full run; the full preset then costs about 1.9 hours on 2 cores", "2026-12-02"),
        new("optimiser: Adam (learning rate 1e-2 quick, 1e-3 full) with global gradient-norm clipping at 1 (Pascanu et al. 2013)",
            "the seed names no optimiser; clipping keeps exploding runs measurable instead of diverging at once"),
        new("a run counts as trained when its final held-out loss is below 0.4 x the input-blind baseline",
            "the seed says \u201ctrain reliably\u201d without a threshold; 0.4 asks for more than remembering one of the adding problem's two numbers (0.5)"),
        new("input-weight scale σ_u = 0.1 instead of 1 (commit c771eaa)",
            "at σ_u = 1 the inputs saturate tanh and put even orthogonal W with gain 1 in the vanishing regime; the change followed a quick run in which " +
            "orthogonal-beats-gaussian-rnn did not hold (orthogonal 0.51 vs Gaussian 0.44 of baseline) and turned it to holds (0.59 vs 0.68); since issue 11 " +
            "σ_u = 0.1 is fixed before running and the vanilla RNN at σ_u = 1 is run beside it as a labelled sensitivity run that no claim reads", "2026-11-22"),
        new("gated cells start at their standard or critical gate biases: LSTM forget bias 1, GRU and minimalRNN update-gate bias 3 (memory timescale 1 + e^3 ≈ 21 steps)",
            "at zero bias the minimalRNN's update gate is 1/2 and halves the gradient every step at every σ_w, which tests a gated cell at an init nobody uses " +
            "(Chen, Pennington and Schoenholz 2018 choose the gate bias for a long timescale); fixed before the issue-11 runs, value chosen a priori in the middle of the quick T grid", "2026-12-01"),
        new("trainable-length-tracks-timescale: ξ = 1 / |b| (vanishing or exploding) instead of the pre-registered ξ = 1 / b with ξ = ∞ when the gradient does not decay",
            "the first quick run gave ρ = 0.40 [-0.12, 0.93] on copy (inconclusive) and -0.45 [-0.58, -0.31] on adding (does not hold), with every exploding vanilla cell at ξ = ∞ " +
            "ranked as the longest timescale; an exploding gradient is as far from the critical, long-timescale map as a vanishing one (Chen, Pennington and Schoenholz 2018's " +
            "timescale is 1 / |ln χ| on both sides), so the pre-registered ξ mis-ranked them. Changed after seeing those results; the threshold (ρ > 0) is unchanged", "2026-12-01"),
    ];

    public override IEnumerable<Claim> Claims(Results<RnnGatingRun> results)
    {
        var main = results.Done.Where(r => !r.Config.Sensitivity).ToList();
        var vanilla = main.Where(r => r.Config.IsVanilla && r.Config.Init == WeightInit.Gaussian).ToList();
        if (vanilla.Count == 0)
        {
            foreach (var spec in new[] { GradientGeometric, VanishingSmallSigma, ExplodingLargeSigma }.Concat(OrthogonalBeatsGaussian.Values))
                yield return results.NotMeasured(spec, "the vanilla RNN's Gaussian sweep has no finished runs");
        }
        else
        {
            foreach (var claim in VanillaClaims(results, vanilla)) yield return claim;
        }

        // gated models train in a wider region of (sigma_w, T) than the vanilla RNN, per task.
        var areas = TrainableAreas(results);
        foreach (var ((model, task), spec) in WiderRegion)
        {
            if (!areas.TryGetValue(model, out var area) || !area.PerTask.ContainsKey(task))
            {
                yield return results.NotMeasured(spec, $"no finished {ModelLabel(model)} runs on {EnumNames.Of(task)}");
                continue;
            }

            if (!areas.TryGetValue(RecurrentModel.Rnn, out var rnnArea) || !rnnArea.PerTask.ContainsKey(task))
            {
                yield return results.NotMeasured(spec, "needs the vanilla RNN in models");
                continue;
            }

            var gains = results.PerReplicate(runs => AreaGain(runs.Where(r => IsMain(r) && r.Config.Task == task && r.Config.Init == WeightInit.Gaussian)
                .Select(r => (r.Config.Model, NormalisedLoss(r))), model));
            yield return results.Claim(spec, Estimate.Mean(gains),
                $"area over all replicates {ModelLabel(model)} {Claim.Format(area.PerTask[task])} vs RNN {Claim.Format(rnnArea.PerTask[task])}; per replicate: " +
                string.Join(", ", gains.Select(Claim.Format)));
        }

        // the signature: the longest trainable T against the timescale of the recurrent map at init, per task.
        foreach (var (task, spec) in LengthTracksTimescale)
        {
            if (!main.Any(r => r.Config.Task == task))
            {
                yield return results.NotMeasured(spec, $"no finished runs on {EnumNames.Of(task)}");
                continue;
            }

            var rho = results.PerReplicate(runs => TimescaleCorrelation(TimescaleCells(runs.Where(r => IsMain(r) && r.Config.Task == task))));
            var cells = TimescaleCells(main.Where(r => r.Config.Task == task && r.Replicate == main.Min(x => x.Replicate)));
            yield return results.Claim(spec, Estimate.Mean(rho),
                "per replicate ρ: " + string.Join(", ", rho.Select(Claim.Format)) + "; first replicate's cells (ξ, T_max): " +
                string.Join("; ", cells.Select(c => $"{c.Label} ({Claim.Format(c.Timescale)}, {c.LongestTrained})")));
        }
    }

    /// <summary>A main run (not a labelled sensitivity run at the other σ_u).</summary>
    internal static bool IsMain(RunView<RnnGatingRun> r) => !r.Config.Sensitivity;

    private static IEnumerable<Claim> VanillaClaims(Results<RnnGatingRun> results, List<RunView<RnnGatingRun>> vanilla)
    {
        static bool Gaussian(RunView<RnnGatingRun> r) => IsMain(r) && r.Config.IsVanilla && r.Config.Init == WeightInit.Gaussian;
        var tasks = AllTasks.Where(t => vanilla.Any(r => r.Config.Task == t)).ToList();

        // geometric change in t: R^2 of log ||dL/dh_t|| = a + b t at init, over the vanilla Gaussian sweep of each task.
        var sigmas = vanilla.Select(r => r.Config.Sigma).Distinct().Order().ToArray();
        yield return results.ClaimAll(GradientGeometric,
            tasks.Select(task => (EnumNames.Of(task), Estimate.Mean(results.PerReplicate(runs =>
                ReplicateMean(runs.Where(r => Gaussian(r) && r.Config.Task == task).Select(r => r.At(HiddenGradientR2, 0))))))).ToList(),
            string.Join("; ", sigmas.Select(s =>
                $"σ_w {Claim.Format(s)}: slope {Claim.Format(MeanStd.Of(vanilla.Where(r => r.Config.Sigma == s).Select(r => r.At(HiddenGradientSlope, 0))).Mean)} per step, " +
                $"R^2 {Claim.Format(MeanStd.Of(vanilla.Where(r => r.Config.Sigma == s).Select(r => r.At(HiddenGradientR2, 0))).Mean)}")));

        // vanishing at the smallest sigma_w and exploding at the largest, at the longest T, per task.
        int longest = vanilla.Max(r => r.Config.Length);
        foreach (var (spec, sigma) in new[] { (VanishingSmallSigma, sigmas[0]), (ExplodingLargeSigma, sigmas[^1]) })
        {
            bool Cell(RunView<RnnGatingRun> r) => Gaussian(r) && r.Config.Sigma == sigma && r.Config.Length == longest;
            var slope = MeanStd.Of(vanilla.Where(Cell).Select(r => r.At(HiddenGradientSlope, 0)));
            yield return results.ClaimAll(spec,
                tasks.Select(task => (EnumNames.Of(task), Estimate.Mean(results.PerReplicate(rep =>
                    ReplicateMean(rep.Where(r => Cell(r) && r.Config.Task == task).Select(r => r.At(HiddenGradientLog10Ratio, 0))))))).ToList(),
                $"σ_w = {Claim.Format(sigma)}, T = {longest}; fitted slope {slope} per step (per-step factor back in time exp(-b) = {Claim.Format(Math.Exp(-slope.Mean))})");
        }

        // orthogonal vs Gaussian at the same scale, vanilla RNN, per task: mean final loss / baseline over T.
        var orthogonal = results.Done.Where(r => IsMain(r) && r.Config.IsVanilla && r.Config.Init == WeightInit.Orthogonal).ToList();
        var shared = orthogonal.Select(r => r.Config.Sigma).Distinct().Where(s => sigmas.Contains(s)).Order().ToList();
        foreach (var (task, spec) in OrthogonalBeatsGaussian)
        {
            if (shared.Count == 0 || !orthogonal.Any(r => r.Config.Task == task))
            {
                yield return results.NotMeasured(spec,
                    $"orthogonal gains {{{string.Join(", ", orthogonal.Select(r => r.Config.Sigma).Distinct().Select(Claim.Format))}}} share no value with the Gaussian σ_w sweep on {EnumNames.Of(task)}");
                continue;
            }

            bool Shared(RunView<RnnGatingRun> r) => shared.Contains(r.Config.Sigma) && r.Config.Task == task;
            var o = MeanStd.Of(orthogonal.Where(Shared).Select(NormalisedLoss));
            var g = MeanStd.Of(vanilla.Where(Shared).Select(NormalisedLoss));
            var perReplicate = results.PerReplicate(runs => LogLossRatio(
                runs.Where(r => IsMain(r) && r.Config.IsVanilla && Shared(r) && r.Config.Init == WeightInit.Orthogonal).Select(NormalisedLoss),
                runs.Where(r => Gaussian(r) && Shared(r)).Select(NormalisedLoss)));
            var sensitivity = results.Done.Where(r => r.Config.Sensitivity && Shared(r)).ToList();
            string other = sensitivity.Count == 0 ? "" :
                $"; sensitivity run at σ_u = {Claim.Format(sensitivity[0].Config.SigmaU)} (not part of the claim): orthogonal " +
                $"{MeanStd.Of(sensitivity.Where(r => r.Config.Init == WeightInit.Orthogonal).Select(NormalisedLoss))}, Gaussian " +
                $"{MeanStd.Of(sensitivity.Where(r => r.Config.Init == WeightInit.Gaussian).Select(NormalisedLoss))}";
            yield return results.Claim(spec, Estimate.Mean(perReplicate),
                $"σ_w ∈ {{{string.Join(", ", shared.Select(Claim.Format))}}}; final loss / baseline: orthogonal {o}, Gaussian {g}; trained cells (< {TrainedFraction} of baseline): orthogonal " +
                $"{orthogonal.Count(r => Shared(r) && NormalisedLoss(r) < TrainedFraction)}/{orthogonal.Count(Shared)}, Gaussian " +
                $"{vanilla.Count(r => Shared(r) && NormalisedLoss(r) < TrainedFraction)}/{vanilla.Count(Shared)}; input scale σ_u = {Claim.Format(orthogonal[0].Config.SigmaU)}{other}");
        }
    }

    /// <summary>
    /// The mean over one replicate's runs of a per-run value, NaN when there is none: the vanilla-gradient claims' statistic
    /// (each run's <see cref="ProfileFit"/> value at init: R^2 for rnn-gradient-geometric over the Gaussian sweep, log10 ratio
    /// for the vanishing / exploding claims at one σ_w and the longest T) and each side of <see cref="LogLossRatio"/>.
    /// </summary>
    internal static double ReplicateMean(IEnumerable<double> perRun) => perRun.DefaultIfEmpty(double.NaN).Average();

    /// <summary>
    /// The (model, init, σ_w) cells of one task in one replicate: the timescale ξ of the gradient's change going back in time
    /// at init (b the fitted slope of log ||dL/dh_t|| per step, mean over T: ξ = 1 / |b|, the steps over which the gradient changes by a factor e, vanishing or
    /// exploding) and the longest T that trained (0: none).
    /// </summary>
    internal static List<(string Label, double Timescale, int LongestTrained)> TimescaleCells(IEnumerable<RunView<RnnGatingRun>> runs) =>
        runs.GroupBy(r => (r.Config.Model, r.Config.Init, r.Config.Sigma)).OrderBy(g => g.Key)
            .Select(g =>
            {
                double b = g.Average(r => r.At(HiddenGradientSlope, 0));
                double xi = 1 / Math.Abs(b);
                int longest = g.Where(r => NormalisedLoss(r) < TrainedFraction).Select(r => r.Config.Length).DefaultIfEmpty(0).Max();
                return ($"{ModelLabel(g.Key.Model)} {EnumNames.Of(g.Key.Init)} {Claim.Format(g.Key.Sigma)}", xi, longest);
            }).ToList();

    /// <summary>Spearman's ρ between ξ and T_max over cells (average ranks for ties); NaN when either has no spread.</summary>
    public static double TimescaleCorrelation(IReadOnlyList<(string Label, double Timescale, int LongestTrained)> cells) =>
        RankCorrelation.Spearman(cells.Select(c => c.Timescale).ToArray(), cells.Select(c => (double)c.LongestTrained).ToArray());

    /// <summary>ln(mean of <paramref name="orthogonal"/> / mean of <paramref name="gaussian"/>) of normalised final losses; ±inf or NaN when a run diverged or a side is empty.</summary>
    public static double LogLossRatio(IEnumerable<double> orthogonal, IEnumerable<double> gaussian) =>
        Math.Log(ReplicateMean(orthogonal) / ReplicateMean(gaussian));

    /// <summary>
    /// Trainable area of <paramref name="gated"/> minus the vanilla RNN's, from (model, final loss / baseline) of Gaussian
    /// cells: the fraction of each model's cells below <see cref="TrainedFraction"/>.
    /// </summary>
    public static double AreaGain(IEnumerable<(RecurrentModel Model, double NormalisedLoss)> cells, RecurrentModel gated)
    {
        var list = cells.ToList();
        double Area(RecurrentModel m) => Fraction(list.Where(c => c.Model == m).Select(c => c.NormalisedLoss));
        return Area(gated) - Area(RecurrentModel.Rnn);
    }

    /// <summary>Input-blind baseline loss of a run's task.</summary>
    internal static double Baseline(RnnGatingRun r) => r.Task == SequenceTask.Copy ? Math.Log(r.Alphabet) : AddingProblem.BaselineMse;

    /// <summary>Final held-out loss / baseline; +inf for a diverged run.</summary>
    internal static double NormalisedLoss(RunView<RnnGatingRun> r) =>
        r.Diverged ? double.PositiveInfinity : r.Final(EvalLoss) / Baseline(r.Config);

    /// <summary>Mean over seeds of the normalised final loss (+inf if any seed diverged) of each Gaussian (task, model, sigma_w, T) cell.</summary>
    internal static Dictionary<(SequenceTask Task, RecurrentModel Model, double Sigma, int Length), double> CellLosses(Results<RnnGatingRun> results) =>
        results.Done.Where(r => IsMain(r) && r.Config.Init == WeightInit.Gaussian)
            .GroupBy(r => (r.Config.Task, r.Config.Model, r.Config.Sigma, r.Config.Length))
            .ToDictionary(g => g.Key, g => g.Average(NormalisedLoss));

    /// <summary>Per model: the fraction of its Gaussian cells that train, overall and per task.</summary>
    internal static Dictionary<RecurrentModel, (double Total, Dictionary<SequenceTask, double> PerTask)> TrainableAreas(Results<RnnGatingRun> results) =>
        CellLosses(results).GroupBy(c => c.Key.Model).ToDictionary(
            g => g.Key,
            g => (Fraction(g.Select(c => c.Value)),
                g.GroupBy(c => c.Key.Task).ToDictionary(t => t.Key, t => Fraction(t.Select(c => c.Value)))));

    /// <summary>Fraction of the losses below <see cref="TrainedFraction"/> (NaN when none).</summary>
    private static double Fraction(IEnumerable<double> losses)
    {
        var l = losses.ToList();
        return l.Count(v => v < TrainedFraction) / (double)l.Count;
    }

    internal static string ModelLabel(RecurrentModel model) => model switch
    {
        RecurrentModel.Rnn => "RNN (tanh)",
        RecurrentModel.Gru => "GRU",
        RecurrentModel.Lstm => "LSTM",
        RecurrentModel.Minimal => "minimalRNN",
        _ => model.ToString(),
    };
}

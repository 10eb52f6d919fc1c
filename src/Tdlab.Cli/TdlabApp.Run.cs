using System.CommandLine;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command RunCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = "an experiment name, or 'all'" };
        var preset = new Option<string>("--preset") { Description = "quick or full", DefaultValueFactory = _ => "quick" };
        var sets = new Option<string[]>("--set") { Description = "override a config key: key=value (repeatable)" };
        var seeds = new Option<int?>("--seeds")
        {
            Description = "replicate seeds per grid point",
            CustomParser = r => WholeNumber(r, "--seeds"),
        };
        var strict = new Option<string?>("--strict")
        {
            Description = "exit 1 when a claim does not hold; '--strict conclusive' also when one is inconclusive",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var allowLarge = new Option<bool>("--allow-large-plan")
        {
            Description = $"run a plan of more than {PlanLimits.MaxRuns} runs, or one whose runs may not fit in memory",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "run only part i of N of the plan (i/N, from 0), into its own --out; join the parts with 'tdlab merge'",
        };
        Option<string> outDir = OutOption();
        Option<int> threads = ThreadsOption();
        var command = new Command("run", "run an experiment's sweep (resumes; skips runs already in the store), then write its report")
        {
            experiment, preset, sets, seeds, outDir, threads, strict, allowLarge, shard,
        };
        command.SetAction(p =>
        {
            Shard? part = p.GetValue(shard) is { } text ? Shard.Parse(text) : null;
            Strictness strictness = StrictMode(p.GetResult(strict) is not null, p.GetValue(strict));
            if (part is not null && strictness != Strictness.Off)
                throw new BadInputException("--strict judges claims, which need every shard: give it to 'tdlab claims' on the merged store instead");
            return Run(p.GetValue(experiment)!, p.GetValue(preset)!, p.GetValue(sets) ?? [], p.GetValue(seeds), p.GetValue(outDir)!,
                PositiveThreads(p.GetValue(threads)), strictness, p.GetValue(allowLarge), part);
        });
        return command;
    }

    private int Run(string name, string preset, string[] sets, int? seeds, string outDir, int threads, Strictness strict, bool allowLarge,
        Shard? shard)
    {
        // All input is checked before the store is opened, so bad input leaves the store as it was.
        List<(IExperiment Experiment, ExperimentPlan Plan)> plans = Plans(name, preset, sets, seeds, allowLarge);
        if (shard is not null)
            plans = plans.Zip(shard.Select(plans), (p, part) => (p.Experiment, part)).ToList();
        IReadOnlyList<IExperiment> targets = plans.Select(p => p.Experiment).ToList();
        OutFolder.EnsureWritable(outDir);
        OutFolder.EnsureFolders(outDir, targets.Select(e => e.Name));
        RunStore store = RunStore.Open(outDir);

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cts.IsCancellationRequested)
                return;    // a second Ctrl-C kills the process; the store stays consistent anyway
            e.Cancel = true;
            cts.Cancel();
            error.WriteLine("tdlab: stopping: no new runs start; runs in flight are cancelled and run again on resume (Ctrl-C again to kill)");
        };
        if (HandleCtrlC)
            Console.CancelKeyPress += onCancel;
        List<SweepSummary> summaries;
        try
        {
            summaries = Interactive
                ? SpectreProgress.Run(progress => Sweep(plans, store, threads, progress, cts.Token))
                : Sweep(plans, store, threads, new ConsoleProgress(output), cts.Token);
        }
        finally
        {
            if (HandleCtrlC)
                Console.CancelKeyPress -= onCancel;
        }

        if (shard is not null)
            return ShardEnd(shard, summaries, store, cts.IsCancellationRequested);
        var kept = new List<string>();
        IReadOnlyList<ExperimentReport> reports = ReportBuilder.WriteAll(store, Experiments, kept);
        WriteSummaries(summaries);

        List<ExperimentReport> ran = reports.Where(r => plans.Any(p => p.Experiment.Name == r.Name)).ToList();
        foreach (ExperimentReport r in ran)
            output.WriteLine(ReportLine(r, store, kept));
        output.WriteLine($"index: {Path.Combine(store.OutDir, "index.html")}");

        if (cts.IsCancellationRequested)
            return Interrupted;
        if (summaries.Any(s => s.Failures.Any()))
            return NotHolding;
        if (ran.Any(r => !r.Analysis.Valid))
            return NotHolding;
        bool failing = strict switch
        {
            Strictness.Holds => ran.Any(r => r.Analysis.Count(Verdict.DoesNotHold) > 0),
            Strictness.Conclusive => ran.Any(r => r.Analysis.Count(Verdict.DoesNotHold) + r.Analysis.Count(Verdict.Inconclusive) > 0),
            _ => false,
        };
        return failing ? NotHolding : Ok;
    }

    /// <summary>
    /// The end of a shard's run: no report (its claims would judge part of the plan), a line per experiment and one
    /// saying how to join the parts. Exit 130 after Ctrl-C, 1 when a run failed, else 0.
    /// </summary>
    private int ShardEnd(Shard shard, List<SweepSummary> summaries, RunStore store, bool cancelled)
    {
        WriteSummaries(summaries);

        output.WriteLine($"shard {shard}: {summaries.Sum(s => s.Total)} runs stored in {store.DbPath}; " +
                         "join the shards with 'tdlab merge OUT SHARD...', then 'tdlab report --out OUT'");
        if (cancelled)
            return Interrupted;
        return summaries.Any(s => s.Failures.Any()) ? NotHolding : Ok;
    }

    /// <summary>Per sweep its summary line (on a terminal; logs have it already) and each failed run.</summary>
    private void WriteSummaries(List<SweepSummary> summaries)
    {
        foreach (SweepSummary s in summaries)
        {
            if (Interactive)
                output.WriteLine(ConsoleProgress.SummaryLine(s));
            foreach (RunOutcome f in s.Failures)
                output.WriteLine($"  failed run {f.Spec.Id} {f.Spec.ConfigJson} replicate {f.Spec.Replicate}: {f.Message}");
        }
    }

    /// <summary>The plans of an experiment (or of all), every setting checked; throws <see cref="BadInputException"/>.</summary>
    private List<(IExperiment Experiment, ExperimentPlan Plan)> Plans(string name, string preset, string[] sets, int? seeds, bool allowLarge)
    {
        IReadOnlyList<IExperiment> targets = name == "all" ? Experiments : [Find(name)];
        RejectRepeatedKeys(sets);
        return targets.Select(e => (e, e.Plan(preset, SetsFor(e, sets, name == "all"), seeds, allowLarge))).ToList();
    }

    /// <summary>What --strict asks for: nothing (absent), no claim that does not hold, or every claim conclusive and holding.</summary>
    private enum Strictness
    {
        Off,
        Holds,
        Conclusive,
    }

    private static Strictness StrictMode(bool given, string? value) => (given, value) switch
    {
        (false, _) => Strictness.Off,
        (true, null or "") => Strictness.Holds,
        (true, "conclusive") => Strictness.Conclusive,
        _ => throw new BadInputException($"--strict takes no value or 'conclusive', got '{value}'"),
    };

    private static List<SweepSummary> Sweep(List<(IExperiment Experiment, ExperimentPlan Plan)> plans, RunStore store,
        int threads, ISweepProgress progress, CancellationToken cancellation)
    {
        var runner = new SweepRunner(store, threads, progress);
        var summaries = new List<SweepSummary>();
        foreach ((IExperiment experiment, ExperimentPlan plan) in plans)
        {
            if (cancellation.IsCancellationRequested)
                break;
            summaries.Add(runner.Run(experiment, plan, cancellation));
        }

        return summaries;
    }

    /// <summary>"name: 3 of 5 claims hold; report PATH", or, for a kept report, why it was not replaced.</summary>
    private static string ReportLine(ExperimentReport r, RunStore store, List<string> kept) =>
        $"{r.Name}: {r.ClaimsSummary}; report {Path.Combine(store.OutDir, r.Name, "report.html")}" +
        (kept.Contains(r.Name) ? $" kept from an earlier sweep: this sweep is incomplete ({r.StatusLine})" : "");

    /// <summary>A key given twice with --set is an error, not "the last one wins".</summary>
    private static void RejectRepeatedKeys(string[] sets)
    {
        var seen = new HashSet<string>();
        foreach (string set in sets)
        {
            string key = set.Split('=')[0].Trim();
            if (!seen.Add(ConfigKeys.Normalise(key)))
                throw new BadInputException($"--set {key} is given more than once; give each key once");
        }
    }

    /// <summary>
    /// The overrides for one experiment. For <c>run all</c> a key applies to the experiments that have it,
    /// and a key that no experiment has is an error.
    /// </summary>
    private IReadOnlyList<string> SetsFor(IExperiment experiment, string[] sets, bool all)
    {
        if (!all)
            return sets;
        var mine = new List<string>();
        foreach (string set in sets)
        {
            string key = set.Split('=')[0].Trim();
            bool Has(IExperiment e) => e.Keys.Any(k => ConfigKeys.Normalise(k) == ConfigKeys.Normalise(key));
            if (!Experiments.Any(Has))
                throw new BadInputException($"unknown key '{key}': no registered experiment has it");
            if (Has(experiment))
                mine.Add(set);
        }

        return mine;
    }
}

using System.ComponentModel;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tdlab.Cli.Slurm;
using Tdlab.Lab;
using Tdlab.Lab.Specs;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    /// <summary>Slurm's default MaxArraySize is 1001: array indices 0 to 1000.</summary>
    private const int MaxShards = 1000;

    /// <summary>
    /// How the scripts call tdlab on the compute nodes: this program as it was started (see <see cref="ThisProcess"/>);
    /// the nodes must see the same path (a shared file system).
    /// </summary>
    public IReadOnlyList<string> SelfCommand { get; init; } = ["tdlab"];

    /// <summary>The sbatch that --submit calls (tests give a stand-in that records its arguments).</summary>
    public string SbatchCommand { get; init; } = "sbatch";

    /// <summary>The command line that starts this tdlab again: the apphost, or dotnet and tdlab.dll.</summary>
    public static IReadOnlyList<string> ThisProcess()
    {
        string process = Environment.ProcessPath ?? "tdlab";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, typeof(TdlabApp).Assembly.Location]
            : [process];
    }

    private Command SlurmCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = "an experiment name, or 'all'" };
        var preset = new Option<string>("--preset") { Description = "quick or full", DefaultValueFactory = _ => "quick" };
        var sets = new Option<string[]>("--set") { Description = "override a config key: key=value (repeatable)" };
        var seeds = new Option<int?>("--seeds") { Description = "replicate seeds per grid point", CustomParser = r => WholeNumber(r, "--seeds") };
        var allowLarge = new Option<bool>("--allow-large-plan") { Description = "allow a plan beyond the limits of 'run'" };
        var shards = new Option<int>("--shards")
        {
            Description = "number of parts (array tasks)",
            Required = true,
            CustomParser = r => WholeNumber(r, "--shards") ?? 0,
        };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition" };
        var time = new Option<string?>("--time") { Description = "time limit per task, in Slurm's format (e.g. 2:00:00, 1-00:00)" };
        var cpus = new Option<int>("--cpus-per-task")
        {
            Description = "cores per shard (tdlab's --threads)",
            DefaultValueFactory = _ => 1,
            CustomParser = r => WholeNumber(r, "--cpus-per-task") ?? 0,
        };
        var maxConcurrent = new Option<int?>("--max-concurrent")
        {
            Description = "at most this many shards at once (--array=...%K)",
            CustomParser = r => WholeNumber(r, "--max-concurrent"),
        };
        var scratch = new Option<string?>("--scratch")
        {
            Description = "node-local folder for the shards' stores (default: $TDLAB_SCRATCH, $SLURM_TMPDIR, $TMPDIR or /tmp on the node)",
        };
        var submit = new Option<bool>("--submit") { Description = "submit the array and the dependent merge job with sbatch" };
        Option<string> outDir = OutOption();
        outDir.Description = "shared results folder: shard copies, the merged store, reports, scripts and logs";
        var command = new Command("slurm", "write (and with --submit, submit) an sbatch job array running the sweep in shards, and a merge job")
        {
            experiment, preset, sets, seeds, allowLarge, shards, partition, time, cpus, maxConcurrent, scratch, outDir, submit,
        };
        command.SetAction(p =>
        {
            string name = p.GetValue(experiment)!, presetName = p.GetValue(preset)!;
            string[] setList = p.GetValue(sets) ?? [];
            int? seedCount = p.GetValue(seeds);
            bool large = p.GetValue(allowLarge);
            List<(IExperiment Experiment, ExperimentPlan Plan)> plans = Plans(name, presetName, setList, seedCount, large);
            int n = p.GetValue(shards);
            if (n < 1 || n > MaxShards)
                throw new BadInputException($"--shards must be from 1 to {MaxShards} (Slurm's default array limit), got {n}");
            int c = p.GetValue(cpus);
            if (c < 1)
                throw new BadInputException($"--cpus-per-task must be at least 1, got {c}");
            int? k = p.GetValue(maxConcurrent);
            if (k is < 1)
                throw new BadInputException($"--max-concurrent must be at least 1, got {k}");
            string? part = p.GetValue(partition);
            if (part is not null && !PartitionPattern().IsMatch(part))
                throw new BadInputException($"--partition takes a partition name (letters, digits, '-', '_', '.', ',' between names), got '{part}'");
            string? limit = p.GetValue(time);
            if (limit is not null && !TimePattern().IsMatch(limit))
                throw new BadInputException($"--time takes Slurm's format (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS), got '{limit}'");
            string results = Path.GetFullPath(p.GetValue(outDir)!);
            string? scratchDir = p.GetValue(scratch);
            foreach ((string what, string? path) in new[] { ("--out", (string?)results), ("--scratch", scratchDir) })
                if (path is not null && path.Any(ch => char.IsWhiteSpace(ch) || ch is '%' or '\\' or '"' or '\''))
                    throw new BadInputException($"{what} '{path}' has a space, quote, backslash or '%', which sbatch directives cannot carry; choose a plainer path");
            OutFolder.EnsureWritable(results);

            var run = new List<string> { "run", name, "--preset", presetName };
            foreach (string set in setList)
                run.AddRange(["--set", set]);
            if (seedCount is { } sc)
                run.AddRange(["--seeds", sc.ToString(CultureInfo.InvariantCulture)]);
            if (large)
                run.Add("--allow-large-plan");
            var sweep = new SlurmSweep(SelfCommand, run, "tdlab-" + (name == "all" ? "all" : name), results, Fingerprint(plans, n), n,
                part, limit, c, k, scratchDir);
            return WriteSlurm(sweep, plans.Sum(x => x.Plan.Runs.Count), p.GetValue(submit));
        });
        return command;
    }

    private int WriteSlurm(SlurmSweep sweep, int runs, bool submit)
    {
        Directory.CreateDirectory(Path.Combine(sweep.SlurmFolder, "logs"));
        AtomicFile.WriteAllText(sweep.ShardsScriptPath, sweep.ShardsScript());
        AtomicFile.WriteAllText(sweep.MergeScriptPath, sweep.MergeScript());
        output.WriteLine($"wrote {sweep.ShardsScriptPath} ({runs} runs in {sweep.Shards} shards) and {sweep.MergeScriptPath}");
        if (!submit)
        {
            output.WriteLine($"submit: id=$(sbatch --parsable {sweep.ShardsScriptPath}) && sbatch --dependency=afterok:$id {sweep.MergeScriptPath}");
            return Ok;
        }

        // A shard that finished in an earlier submission is not submitted again (its task would do nothing anyway).
        List<int> unfinished = Enumerable.Range(0, sweep.Shards).Where(i => !File.Exists(sweep.DoneMarker(i))).ToList();
        string mergeId;
        if (unfinished.Count == 0)
        {
            mergeId = Sbatch(sweep.MergeScriptPath);
            output.WriteLine($"every shard finished earlier; submitted the merge as job {mergeId}");
        }
        else
        {
            string array = sweep.ArraySpec(unfinished);
            string arrayId = Sbatch("--array=" + array, sweep.ShardsScriptPath);
            mergeId = Sbatch("--dependency=afterok:" + arrayId, sweep.MergeScriptPath);
            output.WriteLine($"submitted the shards as array job {arrayId} (tasks {array}) and the merge as job {mergeId}, after the shards succeed");
        }

        output.WriteLine($"merge job {mergeId}; results in {sweep.Results} (logs in {Path.Combine(sweep.SlurmFolder, "logs")})");
        return Ok;
    }

    /// <summary>Runs <c>sbatch --parsable ARGS</c> and returns the job id; a missing or failing sbatch is a one-line error.</summary>
    private string Sbatch(params string[] args)
    {
        var start = new ProcessStartInfo(SbatchCommand) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        foreach (string a in args)
            start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new BadInputException($"cannot run sbatch ({e.Message}): is Slurm installed here? The scripts are written; submit them where it is");
        }

        using (process)
        {
            Task<string> err = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string id = stdout.Trim().Split(';')[0];
            if (process.ExitCode != 0 || !Regex.IsMatch(id, @"^\d+$"))
                throw new BadInputException($"sbatch {string.Join(' ', args)} failed (exit {process.ExitCode}): " +
                                            (err.Result.Trim().Split('\n').FirstOrDefault(l => l.Length > 0) ?? stdout.Trim()));
            return id;
        }
    }

    /// <summary>The first 12 hex digits of SHA-256 over the plan's run ids (sorted) and the shard count.</summary>
    private static string Fingerprint(List<(IExperiment Experiment, ExperimentPlan Plan)> plans, int shards)
    {
        IEnumerable<string> ids = plans.SelectMany(p => p.Plan.Runs.Select(r => r.Id)).Order(StringComparer.Ordinal);
        string text = string.Join("\n", ids) + "\nshards " + shards.ToString(CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$")]
    private static partial Regex PartitionPattern();

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$")]
    private static partial Regex TimePattern();
}

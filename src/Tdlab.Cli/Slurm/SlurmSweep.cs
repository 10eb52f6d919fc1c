using System.Text;

namespace Tdlab.Cli.Slurm;

/// <summary>
/// A sweep handed to Slurm (<c>tdlab slurm</c>): the arguments of the <c>tdlab run</c> it stands for, the shard count
/// and the sbatch settings, and the two scripts it becomes.
/// <list type="bullet">
/// <item><c>shards.sbatch</c>, a job array with one task per shard: task i runs <c>tdlab run --shard i/N</c> into
/// node-local scratch (SQLite stays on a local disk: on network file systems it is unreliable under concurrent
/// writers) and then copies the shard's store to <c>RESULTS/shards/PLAN/i</c>, a temporary copy renamed into place; a
/// shard that finished leaves <c>i.done</c> beside it and a resubmitted task with that marker does nothing, while an
/// unfinished one resumes from its store (the scratch copy on the same node, else the shared copy).</item>
/// <item><c>merge.sbatch</c>, submitted with <c>--dependency=afterok:ARRAY</c>: <c>tdlab merge RESULTS</c> over every
/// shard, then <c>tdlab report --out RESULTS</c>.</item>
/// </list>
/// PLAN is a fingerprint of the plan's run ids and N, so a changed sweep never mixes with the shards of another.
/// </summary>
public sealed record SlurmSweep(
    IReadOnlyList<string> Tdlab,
    IReadOnlyList<string> RunArguments,
    string JobName,
    string Results,
    string Plan,
    int Shards,
    string? Partition,
    string? Time,
    int CpusPerTask,
    int? MaxConcurrent,
    string? Scratch)
{
    public string SlurmFolder => Path.Combine(Results, "slurm");

    public string ShardsScriptPath => Path.Combine(SlurmFolder, "shards.sbatch");

    public string MergeScriptPath => Path.Combine(SlurmFolder, "merge.sbatch");

    /// <summary>Where shard i's store is copied when its task ends.</summary>
    public string ShardFolder(int i) => Path.Combine(Results, "shards", Plan, i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The marker a finished shard leaves beside its folder.</summary>
    public string DoneMarker(int i) => ShardFolder(i) + ".done";

    /// <summary>The array option: every shard ("0-(N-1)"), with "%K" when at most K may run at once.</summary>
    public string ArraySpec(IEnumerable<int>? indices = null) =>
        Ranges(indices ?? Enumerable.Range(0, Shards)) + (MaxConcurrent is { } k ? $"%{k}" : "");

    public string ShardsScript()
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# {JobName}: tdlab {string.Join(' ', RunArguments)}, in {Shards} shards (written by tdlab slurm).\n");
        s.Append("# Array task i runs part i/N into node-local scratch and copies the shard's store to the shared results folder.\n");
        Header(s, JobName, $"shard-%a.out");
        s.Append($"#SBATCH --array={ArraySpec()}\n");
        s.Append("set -uo pipefail\n");
        s.Append("i=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch}\n");
        s.Append($"shard={Sh(Path.Combine(Results, "shards", Plan))}/$i\n");
        s.Append($"if [ -e \"$shard.done\" ]; then echo \"shard $i/{Shards} finished in an earlier job: nothing to do\"; exit 0; fi\n");
        string scratchRoot = Scratch is null ? "${TDLAB_SCRATCH:-${SLURM_TMPDIR:-${TMPDIR:-/tmp}}}" : Sh(Scratch);
        s.Append($"scratch={scratchRoot}/tdlab-{Plan}-shard-$i\n");
        s.Append("mkdir -p \"$scratch\" || exit 1\n");
        s.Append("# Resume an unfinished shard from its shared copy when this node has no store of it.\n");
        s.Append("if [ ! -e \"$scratch/runs.db\" ] && [ -e \"$shard/runs.db\" ]; then cp -a \"$shard/.\" \"$scratch/\" || exit 1; fi\n");
        s.Append("trap 'echo \"shard $i: stopped by Slurm; copying what is stored\"' TERM\n");
        s.Append(string.Join(' ', Tdlab.Select(Sh).Concat(RunArguments.Select(Sh))));
        s.Append($" --shard \"$i/{Shards}\" --out \"$scratch\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"\n");
        s.Append("rc=$?\n");
        s.Append("# Copy the store, finished or not, beside the shared one and rename it into place.\n");
        s.Append("mkdir -p \"$(dirname \"$shard\")\" && rm -rf \"$shard.tmp\" \"$shard.old\" && cp -a \"$scratch/.\" \"$shard.tmp\" \\\n");
        s.Append("  && { [ ! -e \"$shard\" ] || mv \"$shard\" \"$shard.old\"; } && mv \"$shard.tmp\" \"$shard\" && rm -rf \"$shard.old\" \\\n");
        s.Append("  || { echo \"shard $i: cannot copy the store to $shard\" >&2; exit 1; }\n");
        s.Append("if [ \"$rc\" -eq 0 ]; then touch \"$shard.done\" && rm -rf \"$scratch\"; fi\n");
        s.Append("exit \"$rc\"\n");
        return s.ToString();
    }

    public string MergeScript()
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# {JobName}: merges the {Shards} shard stores into the results folder and writes the reports (written by tdlab slurm).\n");
        s.Append("# Submitted with --dependency=afterok on the shards' array job.\n");
        Header(s, JobName + "-merge", "merge.out", cpus: 1);
        s.Append("set -euo pipefail\n");
        string tdlab = string.Join(' ', Tdlab.Select(Sh));
        s.Append($"{tdlab} merge {Sh(Results)}");
        for (int i = 0; i < Shards; i++)
            s.Append(" \\\n  ").Append(Sh(ShardFolder(i)));
        s.Append('\n');
        s.Append($"{tdlab} report --out {Sh(Results)}\n");
        return s.ToString();
    }

    private void Header(StringBuilder s, string name, string log, int? cpus = null)
    {
        s.Append($"#SBATCH --job-name={name}\n");
        s.Append($"#SBATCH --output={Path.Combine(SlurmFolder, "logs", log)}\n");
        s.Append($"#SBATCH --cpus-per-task={cpus ?? CpusPerTask}\n");
        if (Time is not null)
            s.Append($"#SBATCH --time={Time}\n");
        if (Partition is not null)
            s.Append($"#SBATCH --partition={Partition}\n");
    }

    /// <summary>Array indices as Slurm ranges: 0,1,2,5 → "0-2,5".</summary>
    public static string Ranges(IEnumerable<int> indices)
    {
        var parts = new List<string>();
        int[] sorted = [.. indices.Distinct().Order()];
        for (int k = 0; k < sorted.Length;)
        {
            int end = k;
            while (end + 1 < sorted.Length && sorted[end + 1] == sorted[end] + 1)
                end++;
            parts.Add(end == k ? $"{sorted[k]}" : $"{sorted[k]}-{sorted[end]}");
            k = end + 1;
        }

        return string.Join(',', parts);
    }

    /// <summary>A word for bash: single-quoted, with each ' written as '\''.</summary>
    public static string Sh(string word) => "'" + word.Replace("'", "'\\''") + "'";
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Tdlab.Cli.Slurm;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// <c>tdlab slurm</c> without a cluster: the text of the two scripts, what --submit hands to sbatch (a stand-in
/// that records its arguments), resubmission of unfinished shards only, the shard script's own behaviour under
/// bash with a stand-in tdlab, and bad input.
/// </summary>
public class SlurmScriptTests
{
    private static Invocation Slurm(string sbatch, IReadOnlyList<string> tdlab, params string[] args) =>
        Invocation.RunApp((o, e) => new TdlabApp([new QuadraticToy()], o, e) { SbatchCommand = sbatch, SelfCommand = tdlab }, ["slurm", .. args]);

    /// <summary>A bash script at <paramref name="path"/>, made executable.</summary>
    private static string Script(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/bash\n" + body);
        if (!OperatingSystem.IsWindows())    // Slurm and these scripts are Linux things
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>An sbatch stand-in: appends its arguments as one line to calls.txt and prints ids 101, 102, ...</summary>
    private static string FakeSbatch(TempDir dir) => Script(dir["sbatch"], $$"""
        echo "$*" >> '{{dir["calls.txt"]}}'
        echo $((100 + $(wc -l < '{{dir["calls.txt"]}}')))
        """);

    [Fact]
    public void The_array_script_runs_one_shard_per_task_into_scratch_and_the_merge_script_merges_and_reports()
    {
        using var dir = new TempDir();
        Invocation r = Slurm("sbatch", ["/opt/dotnet/dotnet", "/opt/tdlab/tdlab.dll"], "toy-quadratic", "--set", "steps=10", "--seeds", "3",
            "--shards", "3", "--max-concurrent", "2", "--partition", "short", "--time", "1:00:00", "--cpus-per-task", "2", "--out", dir["results"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("(9 runs in 3 shards)", r.Out);
        string shards = File.ReadAllText(dir["results/slurm/shards.sbatch"]);
        string merge = File.ReadAllText(dir["results/slurm/merge.sbatch"]);

        Assert.StartsWith("#!/bin/bash\n", shards);
        foreach (string line in new[]
        {
            "#SBATCH --array=0-2%2", "#SBATCH --cpus-per-task=2", "#SBATCH --time=1:00:00", "#SBATCH --partition=short",
            $"#SBATCH --output={dir["results/slurm/logs"]}/shard-%a.out", "i=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch}",
            "scratch=${TDLAB_SCRATCH:-${SLURM_TMPDIR:-${TMPDIR:-/tmp}}}/tdlab-",
            "'/opt/dotnet/dotnet' '/opt/tdlab/tdlab.dll' 'run' 'toy-quadratic' '--preset' 'quick' '--set' 'steps=10' '--seeds' '3' " +
            "--shard \"$i/3\" --out \"$scratch\" --threads \"${SLURM_CPUS_PER_TASK:-1}\"",
            "if [ \"$rc\" -eq 0 ]; then touch \"$shard.done\"",
        })
            Assert.Contains(line, shards);
        Assert.Contains("#SBATCH --cpus-per-task=1", merge);
        Assert.Contains($"'/opt/dotnet/dotnet' '/opt/tdlab/tdlab.dll' merge '{dir["results"]}'", merge);
        string plan = Regex.Match(shards, @"shards/([0-9a-f]{12})'").Groups[1].Value;
        for (int i = 0; i < 3; i++)
            Assert.Contains($"'{dir["results"]}/shards/{plan}/{i}'", merge);
        Assert.Contains($"report --out '{dir["results"]}'", merge);
        Assert.DoesNotContain("--array", merge);
        Assert.Contains("sbatch --dependency=afterok:$id", r.Out);   // how to submit by hand
    }

    [Fact]
    public void Submit_hands_the_array_to_sbatch_then_the_merge_after_it_and_a_resubmission_only_the_unfinished_shards()
    {
        using var dir = new TempDir();
        string sbatch = FakeSbatch(dir);
        string[] args = ["toy-quadratic", "--shards", "4", "--max-concurrent", "2", "--out", dir["results"], "--submit"];
        Invocation first = Slurm(sbatch, ["tdlab"], args);
        Assert.Equal(0, first.ExitCode);
        string shardsScript = dir["results/slurm/shards.sbatch"], mergeScript = dir["results/slurm/merge.sbatch"];
        Assert.Equal(
            [$"--parsable --array=0-3%2 {shardsScript}", $"--parsable --dependency=afterok:101 {mergeScript}"],
            File.ReadAllLines(dir["calls.txt"]));
        Assert.Contains("merge job 102", first.Out);

        // Shards 0 and 2 finished; a resubmission submits 1 and 3 only, with a merge after them.
        string plan = Regex.Match(File.ReadAllText(shardsScript), @"shards/([0-9a-f]{12})'").Groups[1].Value;
        Directory.CreateDirectory(dir[$"results/shards/{plan}"]);
        File.WriteAllText(dir[$"results/shards/{plan}/0.done"], "");
        File.WriteAllText(dir[$"results/shards/{plan}/2.done"], "");
        Assert.Equal(0, Slurm(sbatch, ["tdlab"], args).ExitCode);
        Assert.Equal([$"--parsable --array=1,3%2 {shardsScript}", $"--parsable --dependency=afterok:103 {mergeScript}"],
            File.ReadAllLines(dir["calls.txt"])[2..]);

        File.WriteAllText(dir[$"results/shards/{plan}/1.done"], "");
        File.WriteAllText(dir[$"results/shards/{plan}/3.done"], "");
        Invocation last = Slurm(sbatch, ["tdlab"], args);
        Assert.Contains("every shard finished earlier", last.Out);
        Assert.Equal([$"--parsable {mergeScript}"], File.ReadAllLines(dir["calls.txt"])[4..]);

        // Another plan (more seeds) gets other shard folders: no marker of this one applies to it.
        Assert.Equal(0, Slurm(sbatch, ["tdlab"], [.. args, "--seeds", "3"]).ExitCode);
        Assert.StartsWith("--parsable --array=0-3%2 ", File.ReadAllLines(dir["calls.txt"])[5]);
    }

    [Fact]
    public void A_shard_task_copies_its_store_back_marks_success_resumes_from_the_shared_copy_and_skips_a_finished_shard()
    {
        using var dir = new TempDir();
        // A tdlab stand-in: records its arguments and whether the scratch held a store, adds a line to it, exits $FAKE_RC.
        string tdlab = Script(dir["tdlab"], $$"""
            out=${@: -3:1}
            [ -e "$out/runs.db" ] && echo "resumed" >> '{{dir["log.txt"]}}'
            echo "$*" >> '{{dir["log.txt"]}}'
            echo "line" >> "$out/runs.db"
            exit ${FAKE_RC:-0}
            """);
        Assert.Equal(0, Slurm("sbatch", [tdlab], "toy-quadratic", "--shards", "2", "--out", dir["results"], "--scratch", dir["scratch"]).ExitCode);
        string script = dir["results/slurm/shards.sbatch"];
        string plan = Regex.Match(File.ReadAllText(script), @"shards/([0-9a-f]{12})'").Groups[1].Value;
        string shard = dir[$"results/shards/{plan}/1"], scratch = dir[$"scratch/tdlab-{plan}-shard-1"];

        (int Code, string Out) Task(int rc)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.Environment["SLURM_ARRAY_TASK_ID"] = "1";
            start.Environment["SLURM_CPUS_PER_TASK"] = "2";
            start.Environment["FAKE_RC"] = rc.ToString();
            using Process p = Process.Start(start)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }

        // A failing attempt: the store is copied to the shared folder, the shard is not marked done, scratch stays.
        Assert.Equal(1, Task(1).Code);
        Assert.Equal(["line"], File.ReadAllLines(Path.Combine(shard, "runs.db")));
        Assert.False(File.Exists(shard + ".done"));
        Assert.Equal($"run toy-quadratic --preset quick --shard 1/2 --out {scratch} --threads 2", File.ReadAllLines(dir["log.txt"])[0]);

        // The next attempt runs on a node without the scratch copy: it resumes from the shared one.
        Directory.Delete(scratch, recursive: true);
        Assert.Equal(0, Task(0).Code);
        Assert.Equal("resumed", File.ReadAllLines(dir["log.txt"])[1]);
        Assert.Equal(["line", "line"], File.ReadAllLines(Path.Combine(shard, "runs.db")));
        Assert.True(File.Exists(shard + ".done"));
        Assert.False(Directory.Exists(scratch));
        Assert.False(Directory.Exists(shard + ".tmp"));

        // A finished shard's task does nothing.
        (int code, string output) = Task(1);
        Assert.Equal(0, code);
        Assert.Contains("shard 1/2 finished in an earlier job: nothing to do", output);
        Assert.Equal(3, File.ReadAllLines(dir["log.txt"]).Length);
    }

    [Theory]
    [InlineData("--shards 0", "--shards must be from 1 to 1000")]
    [InlineData("--shards 1001", "--shards must be from 1 to 1000")]
    [InlineData("--shards many", "--shards takes a whole number")]
    [InlineData("", "--shards")]
    [InlineData("--shards 2 --time soon", "--time takes Slurm's format")]
    [InlineData("--shards 2 --partition a;b", "--partition takes")]
    [InlineData("--shards 2 --cpus-per-task 0", "--cpus-per-task must be at least 1")]
    [InlineData("--shards 2 --max-concurrent 0", "--max-concurrent must be at least 1")]
    [InlineData("--shards 2 --set steps=0", "steps must be at least 1")]
    [InlineData("--shards 2 --set nothing=1", "nothing")]
    public void Bad_input_is_refused_before_anything_is_written(string args, string mention)
    {
        using var dir = new TempDir();
        Invocation r = Slurm("sbatch", ["tdlab"], ["toy-quadratic", "--out", dir["results"], .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        ReliabilityAssert.BadInput(r, mention);
        Assert.False(Directory.Exists(dir["results"]));
    }

    [Fact]
    public void A_missing_sbatch_is_one_line_after_the_scripts_are_written()
    {
        using var dir = new TempDir();
        Invocation r = Slurm(dir["no-sbatch-here"], ["tdlab"], "toy-quadratic", "--shards", "2", "--out", dir["results"], "--submit");
        ReliabilityAssert.BadInput(r, "cannot run sbatch", "is Slurm installed here?");
        Assert.True(File.Exists(dir["results/slurm/shards.sbatch"]));
    }

    [Fact]
    public void Ranges_compress_array_indices()
    {
        Assert.Equal("0-2,5,7-8", SlurmSweep.Ranges([8, 0, 1, 2, 5, 7]));
        Assert.Equal("3", SlurmSweep.Ranges([3]));
        Assert.Equal("'it'\\''s'", SlurmSweep.Sh("it's"));
    }
}

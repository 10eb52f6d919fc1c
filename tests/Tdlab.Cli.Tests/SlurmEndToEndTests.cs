using System.Text.RegularExpressions;
using Tdlab.Experiments;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// A real Slurm (started by .ci/slurm-up.sh in CI; skipped with the reason where none answers): a small sweep of a
/// registered family submitted as 3 array tasks and a merge job gives the claims of the same sweep run locally.
/// </summary>
public class SlurmEndToEndTests
{
    /// <summary>deep-linear's quick preset cut down (two depths, one ODE depth, 3 seeds): about 3 CPU-seconds.</summary>
    private static readonly string[] Sweep = ["deep-linear", "--set", "depths=2,4", "--set", "ode-depths=3", "--seeds", "3"];

    /// <summary>tdlab with the registered families; its array tasks call the tdlab built beside these tests, with the dotnet that runs them.</summary>
    private static Invocation Tdlab(params string[] args) =>
        Invocation.RunApp((o, e) => new TdlabApp(ExperimentRegistry.All, o, e)
        {
            SelfCommand = [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "tdlab.dll")],
        }, args);

    [SlurmFact]
    public void A_sweep_submitted_as_a_job_array_merges_to_the_claims_of_a_local_run()
    {
        using var dir = new TempDir();
        Invocation submitted = Tdlab(["slurm", .. Sweep, "--shards", "3", "--time", "10", "--out", dir["cluster"], "--submit"]);
        Assert.True(submitted.ExitCode == 0, submitted.Err + submitted.Out);
        string mergeJob = Regex.Match(submitted.Out, @"merge job (\d+)").Groups[1].Value;

        Invocation local = Tdlab(["run", .. Sweep, "--out", dir["local"], "--threads", "1"]);
        Assert.Equal(0, local.ExitCode);

        string state = SlurmCluster.WaitFor(mergeJob, TimeSpan.FromMinutes(5));
        string logs = string.Join("\n", Directory.GetFiles(dir["cluster/slurm/logs"]).Order().Select(f => $"== {f}\n{File.ReadAllText(f)}"));
        Assert.True(state == "COMPLETED", $"merge job {mergeJob}: {state}\n{logs}");
        Assert.Equal(3, Directory.GetFiles(dir["cluster/shards"], "*.done", SearchOption.AllDirectories).Length);
        Assert.True(File.Exists(dir["cluster/deep-linear/report.html"]));

        string claims = Tdlab("claims", "--out", dir["local"], "--json").Out;
        Assert.Contains("\"kind\": \"claim\"", claims);
        Assert.Equal(claims, Tdlab("claims", "--out", dir["cluster"], "--json").Out);
    }
}

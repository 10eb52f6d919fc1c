using System.Diagnostics;

namespace Tdlab.Cli.Tests;

/// <summary>The Slurm of this machine, if any (.ci/slurm-up.sh starts a one-node cluster): whether it takes jobs, and waiting for one.</summary>
public static class SlurmCluster
{
    /// <summary>Null when a node answers as idle, mixed or allocated; else why Slurm is not usable here.</summary>
    public static readonly string? NotUp = Probe();

    private static string? Probe()
    {
        (int code, string output) = Command("sinfo", "-h", "-o", "%T");
        if (code == -1)
            return "sinfo is not installed";
        if (code != 0)
            return $"sinfo failed: {output.Trim().Split('\n')[0]}";
        string[] states = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return states.Any(s => s.StartsWith("idle") || s.StartsWith("mixed") || s.StartsWith("allocated"))
            ? null
            : $"no node takes jobs (states: {string.Join(", ", states.DefaultIfEmpty("none"))})";
    }

    /// <summary>Waits until job <paramref name="id"/> has left the queue and returns its final state (e.g. COMPLETED, FAILED).</summary>
    public static string WaitFor(string id, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            (int code, string output) = Command("squeue", "-h", "-j", id, "-o", "%T");
            if (code != 0 || output.Trim().Length == 0)
                break;
            Thread.Sleep(1000);
        }

        (_, string job) = Command("scontrol", "show", "job", id, "-o");
        string state = job.Split(' ').FirstOrDefault(w => w.StartsWith("JobState="))?["JobState=".Length..] ?? "unknown";
        return clock.Elapsed < limit ? state : $"still {state} after {limit.TotalSeconds} s";
    }

    /// <summary>Runs a command for at most 30 s; exit code -1 when it cannot be started.</summary>
    private static (int Code, string Output) Command(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        try
        {
            using Process p = Process.Start(start)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(30_000))
            {
                p.Kill();
                return (124, "timed out");
            }

            return (p.ExitCode, output + err.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}

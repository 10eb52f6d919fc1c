using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// Two runners on one store share the work through leases: every run is computed once, and the store ends
/// as one runner alone leaves it. Once with two real tdlab processes, once with two in-process runners
/// (separate stores objects, so separate connections) whose executions the toy counts exactly.
/// </summary>
public partial class ReliabilityConcurrencyTests
{
    [Fact]
    public void Two_processes_on_one_store_compute_each_run_once_and_match_one_process()
    {
        using var dir = new TempDir();
        string[] run = ["run", "deep-linear", "--seeds", "3", "--threads", "1"];
        (int code, string output) single = Tdlab(dir.Path, [.. run, "--out", dir["one"]]).Finish();
        Assert.True(single.code == 0, single.output);

        TdlabProcess[] pair = [Tdlab(dir.Path, [.. run, "--out", dir["two"]]), Tdlab(dir.Path, [.. run, "--out", dir["two"]])];
        (int code, string output)[] results = [.. pair.Select(p => p.Finish())];

        foreach ((int code, string output) in results)
            Assert.True(code == 0, output);
        List<string> executed = [.. results.SelectMany(r => FinishedRun().Matches(r.output).Select(m => m.Groups[1].Value))];
        List<string> planned = [.. FinishedRun().Matches(single.output).Select(m => m.Groups[1].Value).Order()];
        Assert.Equal(global::Tdlab.Experiments.ExperimentRegistry.All.Single(e => e.Name == "deep-linear").Plan("quick", [], 3).Runs.Count, planned.Count);
        Assert.Equal(planned, executed.Order());    // each run once, by one of the two
        Assert.Equal(Dump(Path.Combine(dir["one"], "runs.db")), Dump(Path.Combine(dir["two"], "runs.db")));
    }

    [Fact]
    public void Two_runners_in_threads_on_one_store_execute_each_run_once()
    {
        using var dir = new TempDir();
        var toy = new ReliabilityCountingToy();
        ExperimentPlan plan = toy.Plan("quick", []);
        new SweepRunner(RunStore.Open(dir["one"]), 1).Run(toy, plan);
        toy.Executions.Clear();

        var runners = Enumerable.Range(0, 2).Select(_ => new SweepRunner(RunStore.Open(dir["two"]), 2)).ToList();
        SweepSummary[] summaries = new SweepSummary[2];
        Thread[] threads = [.. runners.Select((r, i) => new Thread(() => summaries[i] = r.Run(toy, plan)))];
        foreach (Thread t in threads)
            t.Start();
        foreach (Thread t in threads)
            t.Join();

        Assert.Equal(plan.Runs.Count, toy.Executions.Count);
        Assert.All(toy.Executions.Values, n => Assert.Equal(1, n));
        Assert.Equal(plan.Runs.Count, runners.Sum(r => r.Executions));
        Assert.Equal(plan.Runs.Count, summaries.Sum(s => s.Outcomes.Count));
        Assert.Equal(Dump(Path.Combine(dir["one"], "runs.db")), Dump(Path.Combine(dir["two"], "runs.db")));
    }

    [Fact]
    public void A_lease_of_a_live_owner_is_respected_and_an_expired_one_taken_over()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        string other = $"elsewhere/1/{Guid.NewGuid():N}", me = LeaseOwner.New();
        Assert.True(store.TryClaim(["a", "b"], other));
        Assert.False(store.TryClaim(["b", "c"], me));
        ReliabilityStores.Sql(store.DbPath, "UPDATE leases SET expires = 0");
        Assert.True(store.TryClaim(["b", "c"], me));
    }

    /// <summary>"[3/39] deep-linear 1a2b3c4d5e6f7a8b complete": the run id of each run a process finished.</summary>
    [GeneratedRegex(@"^\[\d+/\d+\] \S+ ([0-9a-f]+) ", RegexOptions.Multiline)]
    private static partial Regex FinishedRun();

    /// <summary>Every run (id, status, step) and metric row, in a fixed order: what a store holds, without times or threads.</summary>
    private static List<string> Dump(string db)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        c.Open();
        var rows = new List<string>();
        foreach (string sql in (string[])[
                     "SELECT id, experiment, config_json, seed, replicate, status, diverged_step, message FROM runs ORDER BY id",
                     "SELECT run_id, step, name, quote(value) FROM metrics ORDER BY run_id, name, step, rowid",
                     "SELECT run_id, name, step, path FROM arrays ORDER BY run_id, name, step",
                     "SELECT count(*) FROM leases"])
        {
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = sql;
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
                rows.Add(string.Join(' ', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i).ToString())));
        }

        return rows;
    }

    private static TdlabProcess Tdlab(string workDir, string[] args) => new(workDir, args);

    /// <summary>A tdlab process (the tdlab.dll beside the tests), started at once; <see cref="Finish"/> waits for it.</summary>
    private sealed class TdlabProcess
    {
        private readonly Process _process;
        private readonly Task<string> _out, _err;

        public TdlabProcess(string workDir, string[] args)
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tdlab.dll"));
            foreach (string a in args)
                info.ArgumentList.Add(a);
            _process = Process.Start(info)!;
            _out = _process.StandardOutput.ReadToEndAsync();
            _err = _process.StandardError.ReadToEndAsync();
        }

        public (int Code, string Output) Finish()
        {
            if (!_process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                _process.Kill();
                throw new TimeoutException("tdlab did not finish within 3 minutes");
            }

            using (_process)
                return (_process.ExitCode, _out.Result + _err.Result);
        }
    }
}

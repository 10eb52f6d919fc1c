using System.Text.Json;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

public class CommandTests
{
    [Fact]
    public void List_shows_each_experiment_on_one_line()
    {
        Invocation r = Invocation.Run("list");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("toy-quadratic  Gradient descent on a 1-D quadratic (test fixture)  [test fixture]", r.Out.Trim());
    }

    [Fact]
    public void Run_writes_store_reports_and_index_and_resumes()
    {
        using var dir = new TempDir();
        Invocation first = Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--threads", "2");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("", first.Err);
        Assert.Contains("toy-quadratic: 6 runs (6 to run, 0 already in the store)", first.Out);
        Assert.Contains("toy-quadratic: 1 hold, 1 does not hold, 1 inconclusive (of 3 claims); checks 1 of 1 pass", first.Out);
        foreach (string f in new[] { "runs.db", "index.html", "toy-quadratic/report.md", "toy-quadratic/report.html", "toy-quadratic/loss.svg" })
            Assert.True(File.Exists(dir[f]), f);

        Invocation again = Invocation.Run("run", "all", "--out", dir.Path);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("6 already in the store", again.Out);
    }

    [Fact]
    public void Strict_exits_1_when_a_claim_does_not_hold_and_strict_conclusive_also_when_one_is_inconclusive()
    {
        using var dir = new TempDir();
        Assert.Equal(1, Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--strict").ExitCode);   // 'impossible' does not hold
        using var one = new TempDir();
        Assert.Equal(0, Invocation.Run("run", "toy-quadratic", "--out", one.Path, "--seeds", "1").ExitCode);
        Assert.Equal(0, Invocation.Run("run", "toy-quadratic", "--out", one.Path, "--seeds", "1", "--strict").ExitCode);   // one seed: all inconclusive
        Assert.Equal(1, Invocation.Run("run", "toy-quadratic", "--out", one.Path, "--seeds", "1", "--strict", "conclusive").ExitCode);
        Invocation bad = Invocation.Run("run", "toy-quadratic", "--out", one.Path, "--strict", "sometimes");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--strict takes no value or 'conclusive'", bad.Err);
    }

    [Fact]
    public void A_failed_run_is_reported_and_exits_1()
    {
        using var dir = new TempDir();
        Invocation r = Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--seeds", "1", "--set", "fail-learning-rate=0.5");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("failed run", r.Out);
        Assert.Contains("the toy failed on purpose", r.Out);
    }

    [Fact]
    public void Claims_json_is_one_array_of_claim_objects()
    {
        using var dir = new TempDir();
        Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--seeds", "1");
        Invocation r = Invocation.Run("claims", "--out", dir.Path, "--json");
        Assert.Equal(0, r.ExitCode);

        using JsonDocument doc = JsonDocument.Parse(r.Out);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(4, doc.RootElement.GetArrayLength());   // three claims and one sanity check
        var claims = doc.RootElement.EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "claim").ToList();
        Assert.Equal(3, claims.Count);
        foreach (JsonElement claim in claims)
        {
            var keys = claim.EnumerateObject().Select(p => p.Name).ToList();
            foreach (string old in new[] { "experiment", "id", "statement", "measured", "threshold", "holds", "detail" })
                Assert.Contains(old, keys);
            foreach (string added in new[] { "kind", "seed", "statistic", "replicate_unit", "n", "interval", "interval_method", "rule", "verdict" })
                Assert.Contains(added, keys);
            Assert.Equal("toy-quadratic", claim.GetProperty("experiment").GetString());
            Assert.Equal(JsonValueKind.Number, claim.GetProperty("measured").ValueKind);
            Assert.Equal(2, claim.GetProperty("interval").GetArrayLength());
            Assert.Contains(claim.GetProperty("verdict").GetString(), new[] { "holds", "does not hold", "inconclusive" });
            Assert.Contains(claim.GetProperty("holds").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }

        JsonElement impossible = claims.Single(c => c.GetProperty("id").GetString() == "impossible");
        Assert.Equal("inconclusive", impossible.GetProperty("verdict").GetString());   // one seed: n = 2 runs
        Assert.Equal(2, impossible.GetProperty("n").GetInt32());
        Assert.Contains("test fixture, the toy", impossible.GetProperty("seed").GetString());
        JsonElement check = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "check");
        Assert.Equal("passes", check.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("interval").ValueKind);

        Invocation text = Invocation.Run("claims", "--out", dir.Path);
        Assert.Contains("INCONCLUSIVE   toy-quadratic/impossible", text.Out);
        Assert.Contains("check passes toy-quadratic/closed-form", text.Out);
    }

    [Fact]
    public void Report_rebuilds_from_the_store()
    {
        using var dir = new TempDir();
        Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--seeds", "1");
        File.Delete(dir["toy-quadratic/report.html"]);
        Invocation r = Invocation.Run("report", "--out", dir.Path);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("inconclusive", File.ReadAllText(dir["toy-quadratic/report.html"]));
    }

    [Fact]
    public void Export_csv_has_flattened_config_columns_and_all_metric_rows()
    {
        using var dir = new TempDir();
        Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--seeds", "1", "--set", "steps=10", "--set", "learning-rates=0.1,0.5");
        Invocation r = Invocation.Run("export", "toy-quadratic", "--out", dir.Path, "--format", "csv");
        Assert.Equal(0, r.ExitCode);

        string[] runs = File.ReadAllLines(dir["toy-quadratic/export/runs.csv"]);
        Assert.Equal(3, runs.Length);
        string[] header = runs[0].Split(',');
        Assert.Contains("learning-rate", header);
        Assert.Contains("schedule", header);
        int lr = Array.IndexOf(header, "learning-rate");
        Assert.Equal(["0.1", "0.5"], runs.Skip(1).Select(l => l.Split(',')[lr]).Order());
        string[] metrics = File.ReadAllLines(dir["toy-quadratic/export/metrics.csv"]);
        Assert.Equal("run_id,step,name,value", metrics[0]);
        Assert.Equal(2 * 2 * 11, metrics.Length - 1);
    }

    [Fact]
    public void Export_npy_writes_one_table_per_metric()
    {
        using var dir = new TempDir();
        Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--seeds", "1", "--set", "steps=10");
        Assert.Equal(0, Invocation.Run("export", "toy-quadratic", "--out", dir.Path, "--format", "npy").ExitCode);
        byte[] npy = File.ReadAllBytes(dir["toy-quadratic/export/metrics/loss.npy"]);
        string header = System.Text.Encoding.ASCII.GetString(npy, 10, npy[8]);
        Assert.Contains("'shape': (3, 11)", header);
        Assert.True(File.Exists(dir["toy-quadratic/export/metrics/loss.steps.npy"]));
        Assert.Equal(2, Invocation.Run("export", "nothing", "--out", dir.Path, "--format", "npy").ExitCode);
    }
}

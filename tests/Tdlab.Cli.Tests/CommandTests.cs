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
        Assert.Contains("toy-quadratic: 2 of 3 claims hold", first.Out);
        foreach (string f in new[] { "runs.db", "index.html", "toy-quadratic/report.md", "toy-quadratic/report.html", "toy-quadratic/loss.svg" })
            Assert.True(File.Exists(dir[f]), f);

        Invocation again = Invocation.Run("run", "all", "--out", dir.Path);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("6 already in the store", again.Out);
    }

    [Fact]
    public void Strict_exits_1_when_a_claim_does_not_hold()
    {
        using var dir = new TempDir();
        Assert.Equal(1, Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--strict", "--seeds", "1").ExitCode);
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
        Assert.Equal(3, doc.RootElement.GetArrayLength());
        foreach (JsonElement claim in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(["experiment", "id", "statement", "measured", "threshold", "holds", "detail"],
                claim.EnumerateObject().Select(p => p.Name));
            Assert.Equal("toy-quadratic", claim.GetProperty("experiment").GetString());
            Assert.Equal(JsonValueKind.Number, claim.GetProperty("measured").ValueKind);
            Assert.Contains(claim.GetProperty("holds").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }

        JsonElement impossible = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "impossible");
        Assert.False(impossible.GetProperty("holds").GetBoolean());

        Invocation text = Invocation.Run("claims", "--out", dir.Path);
        Assert.Contains("DOES NOT HOLD  toy-quadratic/impossible", text.Out);
    }

    [Fact]
    public void Report_rebuilds_from_the_store()
    {
        using var dir = new TempDir();
        Invocation.Run("run", "toy-quadratic", "--out", dir.Path, "--seeds", "1");
        File.Delete(dir["toy-quadratic/report.html"]);
        Invocation r = Invocation.Run("report", "--out", dir.Path);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("DOES NOT HOLD", File.ReadAllText(dir["toy-quadratic/report.html"]));
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

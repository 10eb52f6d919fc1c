using System.Net;
using System.Text.Json;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Serve.Tests;

/// <summary>The dashboard's JSON and pages over finished, missing and damaged stores, served by a real server on 127.0.0.1.</summary>
public class DashboardApiTests
{
    [Fact]
    public async Task Overview_counts_the_verdicts_and_runs_the_report_computes()
    {
        using var dir = new TempDir();
        RunStore store = ToyStores.Finished(dir.Path);
        ExperimentReport report = ReportBuilder.Build(RunStore.OpenReadOnly(dir.Path), ToyStores.Experiments[0])!;
        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);

        JsonElement o = await Json(server, "api/overview");
        Assert.Equal("ok", o.GetProperty("state").GetString());
        JsonElement e = o.GetProperty("experiments").EnumerateArray().Single();
        Assert.Equal("toy-quadratic", e.GetProperty("name").GetString());
        Assert.Equal(report.Analysis.Count(Verdict.Holds), e.GetProperty("holds").GetInt32());
        Assert.Equal(report.Analysis.Count(Verdict.DoesNotHold), e.GetProperty("doesNotHold").GetInt32());
        Assert.Equal(report.Analysis.Count(Verdict.Inconclusive), e.GetProperty("inconclusive").GetInt32());
        // The toy is built so that each verdict occurs once.
        Assert.Equal([1, 1, 1], new[] { "holds", "doesNotHold", "inconclusive" }.Select(k => e.GetProperty(k).GetInt32()));
        Assert.Equal(6, e.GetProperty("planned").GetInt32());
        Assert.Equal(store.Runs("toy-quadratic").Count(r => r.Status == RunStatus.Diverged), e.GetProperty("diverged").GetInt32());
        Assert.Equal(2, e.GetProperty("diverged").GetInt32());
        Assert.Equal(0, e.GetProperty("notRun").GetInt32());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("etaSeconds").ValueKind);
    }

    [Fact]
    public async Task Experiment_lists_claims_with_their_claimed_region_and_every_planned_run()
    {
        using var dir = new TempDir();
        ToyStores.Finished(dir.Path);
        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);

        JsonElement d = await Json(server, "api/experiments/toy-quadratic");
        JsonElement[] claims = [.. d.GetProperty("claims").EnumerateArray()];
        JsonElement small = claims.Single(c => c.GetProperty("id").GetString() == "small-lr-converges");
        Assert.Equal(JsonValueKind.Null, small.GetProperty("regionLow").ValueKind);     // Rule.Below(1e-6): (-inf, 1e-6)
        Assert.Equal(1e-6, small.GetProperty("regionHigh").GetDouble());
        Assert.Equal("holds", small.GetProperty("verdict").GetString());
        JsonElement[] runs = [.. d.GetProperty("runs").EnumerateArray()];
        Assert.Equal(6, runs.Length);
        Assert.Equal(2, runs.Count(r => r.GetProperty("status").GetString() == "diverged"));
        // Runs are labelled by the setting that tells their configuration apart.
        Assert.Equal(["learning-rate=0.1", "learning-rate=0.5", "learning-rate=50"],
            runs.Select(r => r.GetProperty("group").GetString()!).Distinct().Order());
        Assert.Contains(d.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("name").GetString() == "loss");

        HttpResponseMessage figure = await Get(server, "api/experiments/toy-quadratic/figures/0");
        Assert.Equal("image/svg+xml", figure.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await figure.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server, "api/experiments/toy-quadratic/figures/7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server, "api/experiments/no-such/figures/0")).StatusCode);
    }

    [Fact]
    public async Task Curves_average_the_seeds_of_each_configuration()
    {
        using var dir = new TempDir();
        RunStore store = ToyStores.Finished(dir.Path, "noise=0.1", "learning-rates=0.1,0.5");
        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);

        JsonElement c = await Json(server, "api/experiments/toy-quadratic/curves?metric=x");
        JsonElement g = c.GetProperty("groups").EnumerateArray().Single(x => x.GetProperty("label").GetString() == "learning-rate=0.1");
        Assert.Equal(2, g.GetProperty("runs").GetInt32());
        // The mean at step 7 is the mean of the two seeds' stored values there.
        double[] atStep7 = store.Runs("toy-quadratic").Where(r => r.ConfigText("learning-rate") == "0.1")
            .Select(r => store.Metric(r.Id, "x").Single(p => p.Step == 7).Value).ToArray();
        int i = Array.IndexOf(g.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()).ToArray(), 7);
        Assert.Equal(atStep7.Average(), g.GetProperty("mean")[i].GetDouble(), 12);
        Assert.Equal(atStep7.Min(), g.GetProperty("min")[i].GetDouble(), 12);
        Assert.Equal(atStep7.Max(), g.GetProperty("max")[i].GetDouble(), 12);
        Assert.NotEqual(atStep7[0], atStep7[1]);    // the noise makes the seeds differ: a real band

        Assert.Equal(HttpStatusCode.NotFound, (await Get(server, "api/experiments/toy-quadratic/curves?metric=nope")).StatusCode);
    }

    [Fact]
    public async Task A_missing_store_gives_a_page_and_a_state_that_say_so_and_nothing_is_created()
    {
        using var dir = new TempDir();
        string outDir = dir["not-yet"];
        await using DashboardServer server = await DashboardServer.StartAsync(outDir, ToyStores.Experiments, 0);

        JsonElement o = await Json(server, "api/overview");
        Assert.Equal("missing", o.GetProperty("state").GetString());
        Assert.Contains("no run store", o.GetProperty("message").GetString());
        HttpResponseMessage page = await Get(server, "");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("tdlab dashboard", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server, "api/experiments/toy-quadratic")).StatusCode);
        Assert.False(Directory.Exists(outDir));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("foreign")]
    public async Task A_damaged_or_foreign_store_gives_its_reason_in_one_line(string kind)
    {
        using var dir = new TempDir();
        string db = dir["runs.db"];
        if (kind == "garbage")
            await File.WriteAllTextAsync(db, "this is not a database, just text long enough to be read as one........");
        else
            ReliabilityLikeSql(db, "CREATE TABLE things(x); INSERT INTO things VALUES(1);");
        byte[] before = await File.ReadAllBytesAsync(db);
        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);

        JsonElement o = await Json(server, "api/overview");
        Assert.Equal("unreadable", o.GetProperty("state").GetString());
        string message = o.GetProperty("message").GetString()!;
        Assert.DoesNotContain("\n", message);
        Assert.DoesNotContain(" at Tdlab.", message);    // no stack trace
        Assert.Equal(before, await File.ReadAllBytesAsync(db));
    }

    [Fact]
    public async Task Serving_reads_only_the_store_files_stay_as_they_were()
    {
        using var dir = new TempDir();
        ToyStores.Finished(dir.Path);
        string db = dir["runs.db"];
        byte[] before = await File.ReadAllBytesAsync(db);
        string[] filesBefore = Directory.GetFiles(dir.Path).Order().ToArray();
        await using (DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0))
        {
            Assert.Equal("127.0.0.1", server.Url.Host);
            await Json(server, "api/overview");
            await Json(server, "api/experiments/toy-quadratic");
            await Json(server, "api/experiments/toy-quadratic/curves?metric=loss");
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(db));
        Assert.Equal(filesBefore, Directory.GetFiles(dir.Path).Order().ToArray());
    }

    [Fact]
    public async Task Answers_carry_a_policy_that_keeps_every_request_on_this_server()
    {
        using var dir = new TempDir();
        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);
        HttpResponseMessage page = await Get(server, "");
        string csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server, "assets/..%2Fruns.db")).StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        Assert.DoesNotContain("https://", html);
    }

    private static void ReliabilityLikeSql(string db, string sql)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static async Task<HttpResponseMessage> Get(DashboardServer server, string path)
    {
        using var http = new HttpClient();
        return await http.GetAsync(new Uri(server.Url, path));
    }

    private static async Task<JsonElement> Json(DashboardServer server, string path)
    {
        HttpResponseMessage r = await Get(server, path);
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Tdlab.Lab.Tests.Fixtures;
using Xunit.Abstractions;

namespace Tdlab.Serve.Tests;

/// <summary>The dashboard in a real browser (headless chromium): what a user sees, screenshots kept for a look.</summary>
public class BrowserTests(ITestOutputHelper log)
{
    [ChromiumFact]
    public async Task The_page_shows_the_experiments_claims_curves_and_runs_of_a_finished_store()
    {
        using var dir = new TempDir();
        ToyStores.Finished(dir.Path);
        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);
        await using Browser browser = await Browser.LaunchAsync();
        IPage page = await browser.OpenAsync(server.Url);

        ILocator row = page.Locator("#experiments tbody tr[data-name='toy-quadratic']");
        await row.WaitForAsync();
        string[] cells = [.. (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim())];
        Assert.Equal(["1", "1", "1"], cells[1..4]);          // holds, does not hold, inconclusive
        Assert.Equal("6/6", cells[5]);                       // runs stored of planned
        Assert.Equal("2", cells[6]);                         // diverged

        await row.ClickAsync();
        await page.Locator("#claims tbody tr").Nth(2).WaitForAsync();
        Assert.Equal(3, await page.Locator("#claims tbody tr").CountAsync());
        Assert.Equal(1, await page.Locator("#claims tr[data-claim='small-lr-converges'] svg line.threshold").CountAsync());
        await page.Locator("#curves svg g.series path.mean").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.True(await page.Locator("#logy").IsCheckedAsync());   // the loss spans many decades (lr = 50 diverges)
        Assert.Equal(3, await page.Locator("#curves .legend span").CountAsync());   // one curve per learning rate
        Assert.Equal(6, await page.Locator("#runs tbody tr").CountAsync());
        await page.Locator("#status-filter").SelectOptionAsync("diverged");
        Assert.Equal(2, await page.Locator("#runs tbody tr").CountAsync());
        Assert.Equal(1, await page.Locator("#figures img").CountAsync());
        // hovering the chart shows the values of each configuration at the nearest step
        await page.Locator("#curves svg").HoverAsync();
        Assert.Contains("learning-rate=", await page.Locator("#curves .tooltip").InnerTextAsync());

        log.WriteLine("screenshot: " + await Browser.ScreenshotAsync(page, "finished-store"));
        Assert.Empty(browser.Elsewhere);
    }

    [ChromiumFact]
    public async Task Strings_from_the_store_are_shown_as_text_never_run_as_markup()
    {
        using var dir = new TempDir();
        const string markup = "<img src=x onerror=\"window.pwned=1\"><b id=\"injected\">bold</b>";
        ToyStores.Finished(dir.Path);
        using (var c = new SqliteConnection($"Data Source={dir["runs.db"]};Pooling=False"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE runs SET status = 'failed', message = $m WHERE id = (SELECT min(id) FROM runs)";
            cmd.Parameters.AddWithValue("$m", markup);
            cmd.ExecuteNonQuery();
        }

        await using DashboardServer server = await DashboardServer.StartAsync(dir.Path, ToyStores.Experiments, 0);
        await using Browser browser = await Browser.LaunchAsync();
        IPage page = await browser.OpenAsync(new Uri(server.Url, "#exp=toy-quadratic"));
        ILocator failed = page.Locator("#runs tbody tr[data-status='failed']");
        await failed.WaitForAsync();
        Assert.Contains(markup, await failed.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#injected").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("window.pwned"));
    }

    [ChromiumFact]
    public async Task A_run_appears_while_a_sweep_runs_in_another_process_without_a_reload()
    {
        using var dir = new TempDir();
        string store = dir["store"];
        // The page is opened before there is a store; `tdlab serve` and `tdlab run` are separate processes.
        using TdlabProcess serve = TdlabProcess.Start(dir.Path, "serve", "--out", store, "--port", "0");
        Uri url = serve.WaitForUrl();
        await using Browser browser = await Browser.LaunchAsync();
        IPage page = await browser.OpenAsync(new Uri(url, "#exp=deep-linear"));
        await page.Locator("#banner").Filter(new LocatorFilterOptions { HasText = "No run store yet" }).WaitForAsync();
        await page.EvaluateAsync("window.marker = 'not reloaded'");

        // 18 seeds (234 runs, about 25 s on an idle core; the quick preset's 6 took about 5 s, and on a quiet machine the sweep
        // had stored every run before the page's first 2-second poll saw the store)
        using TdlabProcess sweep = TdlabProcess.Start(dir.Path, "run", "deep-linear", "--out", store, "--threads", "1", "--set", "seeds=18");
        // Watch the runs column ("stored/planned") and the runs table until the sweep is done.
        var seen = new List<(string Runs, int CompleteRows)>();
        ILocator runsCell = page.Locator("#experiments tbody tr[data-name='deep-linear'] td").Nth(5);
        string shotMidway = "";
        DateTime deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (await runsCell.CountAsync() > 0)
            {
                string runs = (await runsCell.InnerTextAsync()).Trim();
                int rows = await page.Locator("#runs tbody tr[data-status='complete']").CountAsync();
                if (seen.Count == 0 || seen[^1] != (runs, rows))
                    seen.Add((runs, rows));
                if (shotMidway.Length == 0 && rows > 0 && runs.Split('/') is [var a, var b] && a != b)
                    shotMidway = await Browser.ScreenshotAsync(page, "live-sweep-midway");
                if (runs.Split('/') is [var done, var planned] && done == planned && rows.ToString() == planned)
                    break;
            }

            await Task.Delay(200);
        }

        (int code, string output) = sweep.Finish();
        Assert.True(code == 0, output);
        log.WriteLine("seen: " + string.Join("; ", seen.Select(s => $"{s.Runs} ({s.CompleteRows} complete rows)")));
        log.WriteLine("screenshots: " + shotMidway + ", " + await Browser.ScreenshotAsync(page, "live-sweep-done"));
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("window.marker"));
        Assert.True(await page.Locator("#banner").IsHiddenAsync());
        // Runs appeared while the sweep ran: a partial count was shown before the full one.
        Assert.Contains(seen, s => s.Runs.Split('/') is [var a, var b] && int.Parse(a) > 0 && int.Parse(a) < int.Parse(b) && s.CompleteRows > 0);
        Assert.Matches(@"^(\d+)/\1$", seen[^1].Runs);
        Assert.NotEmpty(shotMidway);
        Assert.Empty(browser.Elsewhere);
    }
}

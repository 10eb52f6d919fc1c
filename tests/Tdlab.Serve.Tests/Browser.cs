using Microsoft.Playwright;

namespace Tdlab.Serve.Tests;

/// <summary>Headless Debian chromium driven by Playwright (no browser download), and where the screenshots go.</summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Requests the pages made to anywhere but the dashboard server: must stay empty (nothing leaves the machine).</summary>
    public List<string> Elsewhere { get; } = [];

    /// <summary>Screenshots of the browser tests, beside the test assembly; look at them.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<Browser> LaunchAsync()
    {
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Headless = true,
            // As root (CI), chromium refuses to start with its sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new Browser(playwright, browser);
    }

    public async Task<IPage> OpenAsync(Uri url)
    {
        IPage page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
                Elsewhere.Add(r.Url);
        };
        await page.GotoAsync(url.ToString());
        return page;
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        string path = Path.Combine(ScreenshotDir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}

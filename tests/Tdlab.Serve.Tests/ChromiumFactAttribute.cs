namespace Tdlab.Serve.Tests;

/// <summary>
/// A browser test: runs where Debian's chromium is installed (CI installs it), and is reported as skipped, with
/// the reason, where it is not: never a silent pass.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"no browser: {Chromium} is not installed (apt-get install chromium); the dashboard's browser tests did not run";
    }
}

namespace Tdlab.Serve.Api;

/// <summary>The page's files, embedded in the assembly from wwwroot/ (looked up by exact name, so no path escapes).</summary>
internal static class DashboardAssets
{
    private static readonly HashSet<string> Names =
        typeof(DashboardAssets).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal))
            .Select(n => n["wwwroot/".Length..]).ToHashSet(StringComparer.Ordinal);

    public static byte[]? Read(string file)
    {
        if (!Names.Contains(file))
            return null;
        using Stream s = typeof(DashboardAssets).Assembly.GetManifestResourceStream("wwwroot/" + file)!;
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    public static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

using System.Security.Cryptography;

namespace Tdlab.Cli.Tests;

/// <summary>The README's promise for bad input, as assertions: exit 2, one line on stderr, no stack trace, folder unchanged.</summary>
public static class ReliabilityAssert
{
    public static void BadInput(Invocation result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}; stderr: {result.Err}; stdout: {result.Out}");
        string line = Assert.Single(result.ErrLines);
        Assert.StartsWith("tdlab: ", line);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("Exception", line);
        foreach (string m in mentions)
            Assert.Contains(m, line);
    }

    /// <summary>Every file and folder under <paramref name="folder"/> with the SHA-256 of each file's bytes.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
            return snapshot;
        foreach (string d in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories))
            snapshot[Path.GetRelativePath(folder, d) + "/"] = "";
        foreach (string f in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            snapshot[Path.GetRelativePath(folder, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return snapshot;
    }

    /// <summary>Asserts the folder is as snapshotted; the message names the entries added, removed or changed.</summary>
    public static void Unchanged(SortedDictionary<string, string> before, string folder)
    {
        SortedDictionary<string, string> after = Snapshot(folder);
        string[] differ = [.. before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))];
        Assert.True(differ.Length == 0, "changed: " + string.Join(", ", differ));
    }
}

namespace Tdlab.Lab.Tests.Figures;

/// <summary>
/// Golden SVGs under Figures/golden. Comparison reads the copies beside the test assembly (the build copies them), so it
/// does not depend on source paths, which a deterministic CI build maps to "/_/". TDLAB_UPDATE_GOLDEN=1 rewrites the
/// source copies instead, found by walking up from the assembly to the repository's tests folder.
/// </summary>
internal static class GoldenFile
{
    const string Relative = "Figures/golden";

    static string Folder() => Updating ? SourceFolder() : Path.Combine(AppContext.BaseDirectory, Relative);

    static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Tdlab.Lab.Tests", Relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"no tests/Tdlab.Lab.Tests/{Relative} above {AppContext.BaseDirectory}");
    }

    public static bool Updating => Environment.GetEnvironmentVariable("TDLAB_UPDATE_GOLDEN") == "1";

    public static void Check(string name, string actual)
    {
        string path = Path.Combine(Folder(), name + ".svg");
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run with TDLAB_UPDATE_GOLDEN=1 to create it");
        string expected = File.ReadAllText(path);
        if (expected != actual)
        {
            int i = 0;
            while (i < Math.Min(expected.Length, actual.Length) && expected[i] == actual[i]) i++;
            string Around(string s) => s.Substring(Math.Max(0, i - 60), Math.Min(120, s.Length - Math.Max(0, i - 60)));
            Assert.Fail($"{name}.svg differs from the golden at char {i}:\n expected ...{Around(expected)}...\n actual   ...{Around(actual)}...\n(TDLAB_UPDATE_GOLDEN=1 regenerates)");
        }
    }
}

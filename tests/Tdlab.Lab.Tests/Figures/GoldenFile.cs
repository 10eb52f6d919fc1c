using System.Runtime.CompilerServices;

namespace Tdlab.Lab.Tests.Figures;

/// <summary>Golden SVGs under Figures/golden; TDLAB_UPDATE_GOLDEN=1 rewrites them instead of comparing.</summary>
internal static class GoldenFile
{
    public static string Folder([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "golden");

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

using System.Text.RegularExpressions;
using Tdlab.Guide;

namespace Tdlab.Cli.Tests;

/// <summary>
/// docs/library.md's code is examples/Guide (compiled into this test project): each step runs and does what the guide
/// says, and every code block of the guide is in those files.
/// </summary>
public class GuideTests
{
    [Fact]
    public void Training_lowers_the_loss()
    {
        var (before, after) = Training.Run();
        Assert.True(after < before / 4, $"loss {before} -> {after}");
    }

    [Fact]
    public void Weights_loaded_from_npy_safetensors_and_given_tensors_compute_the_same_outputs()
    {
        using var dir = new Lab.Tests.Fixtures.TempDir();
        Assert.True(Weights.RoundTrip(dir.Path));
    }

    [Fact]
    public void The_probes_run_and_the_two_ntk_computations_agree()
    {
        string text = Measurements.Describe();
        Assert.Contains("NTK 6x6", text);
        Match differ = Regex.Match(text, @"differ by (\S+);");
        Assert.True(double.Parse(differ.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 1e-10, text);
    }

    [Fact]
    public void The_guide_family_runs_and_its_claim_holds()
    {
        using var dir = new Lab.Tests.Fixtures.TempDir();
        string verdicts = Families.RunFamily(dir.Path);
        Assert.True(verdicts.StartsWith("faster: holds", StringComparison.Ordinal), verdicts);
    }

    [Fact]
    public void Every_code_block_of_the_guide_is_in_the_compiled_example()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        string guide = File.ReadAllText(Path.Combine(root, "docs/library.md"));
        string code = Unindented(string.Concat(Directory.GetFiles(Path.Combine(root, "examples/Guide"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).Select(File.ReadAllText)));
        var blocks = Regex.Matches(guide, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 5, $"{blocks.Count} blocks");
        foreach (string block in blocks)
            Assert.True(code.Contains(Unindented(block).Trim(), StringComparison.Ordinal), $"guide block not in examples/Guide: {block[..Math.Min(80, block.Length)]}");
    }

    /// <summary>The guide shows a method's lines without the method's indentation.</summary>
    private static string Unindented(string text) => string.Join('\n', text.Split('\n').Select(l => l.TrimStart()));
}

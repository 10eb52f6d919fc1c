using System.Text.RegularExpressions;

namespace Tdlab.Cli.Tests;

/// <summary>
/// The C# shown in README.md and in the packages' README is the code of a project under examples/, which CI
/// (.ci/pack) builds and runs against the packed libraries: the quick-start a user copies compiles and runs.
/// </summary>
public class ReadmeExampleTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/package-readme.md")]
    public void Every_csharp_block_is_the_code_of_an_example_project(string readme)
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        string text = File.ReadAllText(Path.Combine(root, readme));
        string examples = string.Concat(Directory.GetFiles(Path.Combine(root, "examples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var blocks = Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        foreach (string block in blocks)
            Assert.True(examples.Contains(block.Trim(), StringComparison.Ordinal), $"{readme}: block not in examples/: {block[..Math.Min(80, block.Length)]}");
    }
}

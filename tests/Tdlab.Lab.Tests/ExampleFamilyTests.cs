using System.Text.RegularExpressions;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Example;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

/// <summary>The Lab README's example family compiles, runs and decides its claim; the README shows this very code.</summary>
public class ExampleFamilyTests
{
    [Fact]
    public void The_example_family_runs_and_its_noise_floor_claim_holds_with_five_seeds()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var family = new NoisyQuadraticExperiment();
        new Runner.SweepRunner(store, 2).Run(family, family.Plan("quick", []));
        ExperimentReport report = ReportBuilder.Build(store, family)!;
        Assert.True(report.Analysis.Valid);
        Claim claim = Assert.Single(report.Claims);
        Assert.Equal(Verdict.Holds, claim.Verdict);
        Assert.Equal(5, claim.N);
    }

    [Fact]
    public void Every_code_block_of_the_lab_readme_is_in_the_compiled_example()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        string readme = File.ReadAllText(Path.Combine(root, "src/Tdlab.Lab/README.md"));
        string example = string.Concat(Directory.GetFiles(Path.Combine(root, "tests/Tdlab.Lab.Tests/Example"), "*.cs").Select(File.ReadAllText));
        var blocks = Regex.Matches(readme, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        foreach (string block in blocks)
            Assert.True(example.Contains(block.Trim(), StringComparison.Ordinal), $"README block not in the example: {block[..Math.Min(80, block.Length)]}");
    }
}

using System.Security.Cryptography;
using Tdlab.Experiments;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

public class BadInputTests
{
    private static void AssertBadInput(Invocation result, params string[] mentions)
    {
        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.ErrLines);
        Assert.StartsWith("tdlab: ", line);
        Assert.DoesNotContain("   at ", result.Err);
        foreach (string m in mentions)
            Assert.Contains(m, line);
    }

    [Fact]
    public void Unknown_experiment()
    {
        using var dir = new TempDir();
        Invocation r = Invocation.Run("run", "no-such-thing", "--out", dir["runs"]);
        AssertBadInput(r, "unknown experiment 'no-such-thing'", "toy-quadratic");
        Assert.False(Directory.Exists(dir["runs"]));
    }

    [Fact]
    public void Unknown_set_key_leaves_the_store_as_it_was()
    {
        using var dir = new TempDir();
        string runs = dir["runs"];
        Assert.Equal(0, Invocation.Run("run", "toy-quadratic", "--out", runs, "--set", "learning-rates=0.1", "--seeds", "1").ExitCode);
        Dictionary<string, string> before = Snapshot(runs);

        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--out", runs, "--set", "lerning-rate=0.1"),
            "unknown key 'lerning-rate'", "learning-rates");
        AssertBadInput(Invocation.Run("run", "all", "--out", runs, "--set", "lerning-rate=0.1"), "'lerning-rate'");
        Assert.Equal(before, Snapshot(runs));
    }

    [Fact]
    public void Wrong_value_type() =>
        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--set", "steps=ten"), "'steps'", "'ten'", "an integer");

    [Fact]
    public void Unknown_option_and_bad_option_values()
    {
        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--frobnicate"), "--frobnicate");
        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--threads", "0"), "--threads");
        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--seeds", "x"));
        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--preset", "huge"), "huge");
        AssertBadInput(Invocation.Run("export", "toy-quadratic", "--format", "xlsx"), "xlsx");
        AssertBadInput(Invocation.Run("frob"));
    }

    [Fact]
    public void Unwritable_out_folder()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["file"], "not a folder");
        AssertBadInput(Invocation.Run("run", "toy-quadratic", "--out", dir["file/runs"]), "cannot write to output folder");
        Assert.Equal("not a folder", File.ReadAllText(dir["file"]));
    }

    [Fact]
    public void Commands_that_read_the_store_need_one()
    {
        using var dir = new TempDir();
        AssertBadInput(Invocation.Run("claims", "--out", dir["none"]), "no run store");
        AssertBadInput(Invocation.Run("report", "--out", dir["none"]), "no run store");
        Assert.False(Directory.Exists(dir["none"]));
    }

    [Fact]
    public void The_toy_is_not_registered() =>
        Assert.DoesNotContain(ExperimentRegistry.All, e => e.Name.StartsWith("toy", StringComparison.Ordinal));

    /// <summary>SHA-256 of every file under <paramref name="folder"/>.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}

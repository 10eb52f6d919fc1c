using Tdlab.Lab.Specs;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// Bad input, one row per case: exit 2, one line on stderr, no stack trace, and the output folder (store,
/// reports, arrays) byte-identical before and after.
/// </summary>
public class ReliabilityBadInputTests
{
    private static readonly IReadOnlyList<IExperiment> Registered = [new QuadraticToy(), new ReliabilityImageToy()];

    public static TheoryData<string> IdxCases() => [.. ReliabilityIdx.Cases().Select(c => c.Name)];

    /// <summary>Rows: case, arguments after "run toy-quadratic --out OUT" (or a whole command line when it starts with '!'), a word of the message.</summary>
    public static TheoryData<string, string[], string> CommandLineCases() => new()
    {
        { "unknown-command", ["!frobnicate"], "unknown command 'frobnicate'" },
        { "no-command", ["!"], "no command given" },
        { "seeds-not-a-number", ["--seeds", "abc"], "--seeds takes a whole number, got 'abc'" },
        { "threads-not-a-number", ["--threads", "two"], "--threads takes a whole number, got 'two'" },
        { "seeds-zero", ["--seeds", "0"], "seeds" },
        { "repeated-set-key", ["--set", "steps=10", "--set", "steps=20"], "--set steps is given more than once" },
        { "repeated-set-key-other-spelling", ["--set", "learning-rates=0.1", "--set", "learning_rates=0.2"], "more than once" },
        { "unknown-key", ["--set", "lerning-rate=0.1"], "lerning-rate" },
        { "unknown-experiment", ["!run", "no-such", "--out", "{out}"], "unknown experiment 'no-such'" },
        { "export-unregistered", ["!export", "../escape", "--out", "{out}", "--format", "csv"], "unknown experiment '../escape'" },
    };

    [Theory]
    [MemberData(nameof(IdxCases))]
    public void Malformed_idx_folder_is_refused_before_anything_is_stored(string name)
    {
        using var dir = new TempDir();
        string data = ReliabilityIdx.WriteFolder(dir["data"]);
        ReliabilityIdx.Cases().Single(c => c.Name == name).Damage(data);
        string runs = StoreWithOneSweep(dir);
        var before = ReliabilityAssert.Snapshot(runs);

        Invocation r = Invocation.RunWith(Registered, "run", "toy-images", "--out", runs, "--set", $"data={data}");

        ReliabilityAssert.BadInput(r, data);
        ReliabilityAssert.Unchanged(before, runs);
    }

    [Fact]
    public void A_valid_idx_folder_runs()
    {
        using var dir = new TempDir();
        string data = ReliabilityIdx.WriteFolder(dir["data"]);
        Invocation r = Invocation.RunWith(Registered, "run", "toy-images", "--out", dir["runs"], "--set", $"data={data}");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
    }

    [Theory]
    [MemberData(nameof(CommandLineCases))]
    public void Bad_command_line(string name, string[] args, string mention)
    {
        _ = name;
        using var dir = new TempDir();
        string runs = StoreWithOneSweep(dir);
        var before = ReliabilityAssert.Snapshot(runs);
        string[] full = args[0].StartsWith('!')
            ? [.. (args[0].Length > 1 ? [args[0][1..]] : Array.Empty<string>()), .. args[1..]]
            : ["run", "toy-quadratic", "--out", "{out}", .. args];

        Invocation r = Invocation.RunWith(Registered, [.. full.Select(a => a.Replace("{out}", runs))]);

        ReliabilityAssert.BadInput(r, mention);
        ReliabilityAssert.Unchanged(before, runs);
    }

    /// <summary>An output folder holding the store, report and arrays of one small toy sweep.</summary>
    internal static string StoreWithOneSweep(TempDir dir)
    {
        string runs = dir["runs"];
        Invocation first = Invocation.Run("run", "toy-quadratic", "--out", runs, "--seeds", "1", "--set", "learning-rates=0.1,0.5",
            "--set", "log-arrays=true", "--threads", "1");
        Assert.True(first.ExitCode == 0, first.Err);
        return runs;
    }
}

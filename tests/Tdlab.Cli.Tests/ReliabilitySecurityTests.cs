using Tdlab.Lab;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>
/// A store is untrusted input: names in it never become paths outside --out, and user strings in it
/// (messages, data paths) cannot inject Markdown or HTML into a report.
/// </summary>
public class ReliabilitySecurityTests
{
    /// <summary>Experiment names a hostile store may hold.</summary>
    public static TheoryData<string> HostileNames() => ["../escape", "../../escape", "/tmp/tdlab-escape-test", "toy-quadratic/../../escape"];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Export_and_report_never_write_outside_out(string hostile)
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        ReliabilityStores.Sql(Path.Combine(runs, "runs.db"),
            $"UPDATE runs SET experiment = '{hostile}'; UPDATE sweeps SET experiment = '{hostile}';");
        var outside = ReliabilityAssert.Snapshot(dir.Path).Where(p => !p.Key.StartsWith("runs", StringComparison.Ordinal)).ToList();
        bool tmpBefore = Path.Exists("/tmp/tdlab-escape-test");

        ReliabilityAssert.BadInput(Invocation.Run("export", hostile, "--out", runs, "--format", "csv"), "unknown experiment");
        Assert.Equal(0, Invocation.Run("report", "--out", runs).ExitCode);

        Assert.Equal(outside, ReliabilityAssert.Snapshot(dir.Path).Where(p => !p.Key.StartsWith("runs", StringComparison.Ordinal)).ToList());
        Assert.Equal(tmpBefore, Path.Exists("/tmp/tdlab-escape-test"));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("npy")]
    public void Export_writes_only_under_out(string format)
    {
        using var dir = new TempDir();
        string runs = ReliabilityBadInputTests.StoreWithOneSweep(dir);
        Invocation r = Invocation.Run("export", "toy-quadratic", "--out", runs, "--format", format);
        Assert.Equal(0, r.ExitCode);
        string root = Path.GetFullPath(runs) + Path.DirectorySeparatorChar;
        Assert.All(r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), f => Assert.StartsWith(root, Path.GetFullPath(f)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("/tmp/x")]
    [InlineData("a/../../x")]
    public void Paths_outside_the_root_are_refused(string relative) =>
        Assert.Throws<BadInputException>(() => FileNames.Inside("/work/out", relative));

    /// <summary>Rows: a user string, and what must not survive into the Markdown source unless backslash-escaped.</summary>
    public static TheoryData<string, string> MarkdownInjections() => new()
    {
        { "<script>alert(1)</script>", "<script>" },
        { "<img src=x onerror=alert(1)>", "<img" },
        { "[click](http://evil.example)", "[click](" },
        { "![x](http://evil.example/p.png)", "![x](" },
        { "a | b | c", "a | b" },
        { "**bold** and _it_", "**bold**" },
        { "line one\n# heading", "\n" },
        { "&lt;entity&gt;", "&lt;" },
        { "`code`", "`code`" },
    };

    [Theory]
    [MemberData(nameof(MarkdownInjections))]
    public void Markdown_escape_leaves_no_markup(string text, string forbidden)
    {
        string escaped = Markdown.Escape(text);
        for (int i = escaped.IndexOf(forbidden, StringComparison.Ordinal); i >= 0; i = escaped.IndexOf(forbidden, i + 1, StringComparison.Ordinal))
            Assert.True(i > 0 && escaped[i - 1] == '\\', $"unescaped '{forbidden}' in '{escaped}'");
        Assert.DoesNotContain("\n", Markdown.Code(text));
        Assert.DoesNotContain(" | ", Markdown.Code(text).Replace("\\|", "/"));
    }

    [Fact]
    public void A_hostile_run_message_is_escaped_in_report_md()
    {
        using var dir = new TempDir();
        string runs = dir["runs"];
        Invocation.Run("run", "toy-quadratic", "--out", runs, "--seeds", "1", "--set", "learning-rates=0.1,0.5", "--set", "fail-learning-rate=0.5");
        ReliabilityStores.Sql(Path.Combine(runs, "runs.db"),
            "UPDATE runs SET message = '<script>alert(1)</script> | [x](http://evil)' WHERE status = 'failed'");
        Directory.Delete(Path.Combine(runs, "toy-quadratic"), recursive: true);

        Assert.Equal(0, Invocation.Run("report", "--out", runs).ExitCode);

        string md = File.ReadAllText(Path.Combine(runs, "toy-quadratic", "report.md"));
        Assert.Contains("alert(1)", md);
        Assert.DoesNotContain("<script>", md);
        Assert.DoesNotContain("[x](", md);
    }
}

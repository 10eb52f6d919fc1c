using System.CommandLine;
using Tdlab.Lab;
using Tdlab.Lab.Specs;

namespace Tdlab.Cli;

/// <summary>
/// The <c>tdlab</c> command (its contract: README.md, "The command"). The experiments and the output
/// writers are injected, so tests run the command in-process with their own experiments.
/// Exit codes: 0 success; 1 a claim does not hold under --strict, or a run failed; 2 bad input, with one
/// line on stderr; 130 stopped by Ctrl-C.
/// </summary>
public sealed partial class TdlabApp(IReadOnlyList<IExperiment> experiments, TextWriter output, TextWriter error)
{
    public const int Ok = 0, NotHolding = 1, BadInput = 2, Interrupted = 130;

    /// <summary>Show Spectre.Console progress bars (stdout is a terminal) instead of plain lines.</summary>
    public bool Interactive { get; init; }

    /// <summary>Turn the first Ctrl-C into "finish the runs in flight, start no new one".</summary>
    public bool HandleCtrlC { get; init; }

    public IReadOnlyList<IExperiment> Experiments { get; } = experiments;

    public int Invoke(params string[] args)
    {
        RootCommand root = BuildCommand();
        // The parser would say "Required command was not provided" for an unknown command: name it instead.
        string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
        if (args.Length == 0)
            return Fail($"no command given; commands: {commands} (tdlab --help for more)");
        if (!args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]))
            return Fail($"unknown command '{args[0]}'; commands: {commands}");
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
            return Fail(parsed.Errors[0].Message);
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (BadInputException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The environment refused a write or read (full disk, read-only file system, a file where a
            // folder belongs, a store locked for too long): one line, as for bad input; the store stays consistent.
            return Fail(e.Message);
        }
    }

    private RootCommand BuildCommand()
    {
        var root = new RootCommand("tdlab: a laboratory for the training dynamics of neural networks");
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(ReportCommand());
        root.Subcommands.Add(ClaimsCommand());
        root.Subcommands.Add(MergeCommand());
        root.Subcommands.Add(SlurmCommand());
        root.Subcommands.Add(ExportCommand());
        root.Subcommands.Add(BenchCommand());
        root.Subcommands.Add(ServeCommand());
        return root;
    }

    private int Fail(string message)
    {
        error.WriteLine($"tdlab: {message.ReplaceLineEndings(" ").Trim()}");
        return BadInput;
    }

    private static Option<string> OutOption() => new("--out")
    {
        Description = "output folder with runs.db, arrays/, reports",
        DefaultValueFactory = _ => "runs",
    };

    private static Option<int> ThreadsOption() => new("--threads")
    {
        Description = "threads to use (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        CustomParser = r => WholeNumber(r, "--threads") ?? 0,
    };

    /// <summary>The option's value as an int, or null with a parse error that says what was expected (not a .NET type name).</summary>
    private static int? WholeNumber(System.CommandLine.Parsing.ArgumentResult result, string option)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int n))
            return n;
        result.AddError($"{option} takes a whole number, got '{text}'");
        return null;
    }

    private IExperiment Find(string name) =>
        Experiments.FirstOrDefault(e => e.Name == name)
        ?? throw new BadInputException($"unknown experiment '{name}'; known: " +
            (Experiments.Count == 0 ? "(none registered)" : string.Join(", ", Experiments.Select(e => e.Name))));

    private static int PositiveThreads(int threads) =>
        threads >= 1 ? threads : throw new BadInputException($"--threads must be at least 1, got {threads}");
}

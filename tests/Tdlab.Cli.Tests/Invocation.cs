using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Cli.Tests;

/// <summary>Runs the tdlab command in-process with the toy experiment, capturing stdout and stderr.</summary>
public sealed record Invocation(int ExitCode, string Out, string Err)
{
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static Invocation Run(params string[] args) => RunWith([new QuadraticToy()], args);

    /// <summary>Runs the command with the given experiments registered.</summary>
    public static Invocation RunWith(IReadOnlyList<Tdlab.Lab.Specs.IExperiment> experiments, params string[] args) =>
        RunApp((output, error) => new TdlabApp(experiments, output, error), args);

    /// <summary>Runs the command on an app made by <paramref name="make"/> from the two writers (to set its other properties).</summary>
    public static Invocation RunApp(Func<TextWriter, TextWriter, TdlabApp> make, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = make(output, error).Invoke(args);
        return new Invocation(code, output.ToString(), error.ToString());
    }
}

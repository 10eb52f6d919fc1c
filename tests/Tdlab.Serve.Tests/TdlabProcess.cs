using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Tdlab.Serve.Tests;

/// <summary>A tdlab process (the tdlab.dll beside the tests); killed on dispose if still running.</summary>
internal sealed partial class TdlabProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TdlabProcess(Process process) => _process = process;

    public static TdlabProcess Start(string workDir, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tdlab.dll"));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        var p = new TdlabProcess(Process.Start(info)!);
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The address `tdlab serve` says it serves at.</summary>
    public Uri WaitForUrl()
    {
        DateTime deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (ServingAt().Match(Output) is { Success: true } m)
                return new Uri(m.Groups[1].Value);
            if (_process.HasExited)
                throw new InvalidOperationException("tdlab serve exited: " + Output);
            Thread.Sleep(100);
        }

        throw new TimeoutException("tdlab serve did not say where it serves: " + Output);
    }

    public (int Code, string Output) Finish()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(3)))
            throw new TimeoutException("tdlab did not finish within 3 minutes: " + Output);
        _process.WaitForExit();
        return (_process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    [GeneratedRegex(@"serving .* at (http://\S+) ")]
    private static partial Regex ServingAt();
}

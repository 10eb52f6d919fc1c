using System.Diagnostics;

namespace Tdlab.Nn.Tests.Interop;

/// <summary>
/// A test that needs Python 3 with NumPy (Debian's python3-numpy; CI installs it): skipped, with the reason shown,
/// where there is none, never passed silently.
/// </summary>
public sealed class PythonNumpyFactAttribute : FactAttribute
{
    /// <summary>The first of /usr/bin/python3 and python3 that imports numpy, or null.</summary>
    public static readonly string? Python = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(HasNumpy);

    public PythonNumpyFactAttribute()
    {
        if (Python is null)
            Skip = "no Python 3 with NumPy (apt-get install python3-numpy); the PyTorch-format round trip did not run";
    }

    private static bool HasNumpy(string python)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(python, ["-c", "import numpy"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            return p.WaitForExit(20_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Tdlab.Lab.Store;

/// <summary>
/// Who holds a lease on a run: "host/pid/token", one token per sweep runner. A lease of a process on this host
/// that no longer exists (killed) is free at once; any other lease only when it expires.
/// </summary>
public static class LeaseOwner
{
    /// <summary>A new owner name for one sweep runner of this process.</summary>
    public static string New() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    /// <summary>False only when the owner is a process of this host that has exited; unknown means alive.</summary>
    public static bool MayBeAlive(string owner)
    {
        string[] parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            return true;
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;    // no such process
        }
    }
}

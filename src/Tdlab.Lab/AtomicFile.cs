using System.Text;

namespace Tdlab.Lab;

/// <summary>
/// Writes a file by writing a temporary file beside it and renaming it over the target, so a reader (or a
/// crash, a full disk, Ctrl-C) never sees half a report: the old file stays whole until the new one is.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) =>
        Write(path, tmp => File.WriteAllText(tmp, text, new UTF8Encoding(false)));

    /// <summary>Calls <paramref name="write"/> on a temporary path in the target's folder, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        string tmp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(tmp);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            // Only a failed write or rename leaves the temporary file; it is no one's.
            if (File.Exists(tmp))
                File.Delete(tmp);
        }
    }
}

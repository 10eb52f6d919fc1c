using Tdlab.Lab;

namespace Tdlab.Cli;

/// <summary>Checks that an output folder can be created and written before anything is written to it.</summary>
public static class OutFolder
{
    public static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".tdlab-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new BadInputException($"cannot write to output folder '{dir}': {e.Message}");
        }
    }

    /// <summary>
    /// Checks that each experiment's report folder and arrays folder is a folder or absent, not a file, so a
    /// run does not compute and store its runs only to fail writing the report.
    /// </summary>
    public static void EnsureFolders(string dir, IEnumerable<string> experiments)
    {
        foreach (string name in experiments)
            foreach (string folder in (string[])[Path.Combine(dir, name), Path.Combine(dir, "arrays", name), Path.Combine(dir, "arrays")])
                if (File.Exists(folder))
                    throw new BadInputException($"'{folder}' is a file; tdlab needs a folder there (move the file away)");
    }
}

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
}

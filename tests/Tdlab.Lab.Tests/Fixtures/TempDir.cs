namespace Tdlab.Lab.Tests.Fixtures;

/// <summary>A fresh folder under the temp path, deleted on dispose (kept when TDLAB_KEEP_TEST_DIRS is set).</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tdlab-test-" + Guid.NewGuid().ToString("N"));

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            if (Environment.GetEnvironmentVariable("TDLAB_KEEP_TEST_DIRS") is null)
                Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

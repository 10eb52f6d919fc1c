namespace Tdlab.Nn.Tests.Interop;

/// <summary>A test class with a fresh temporary folder per test, deleted afterwards.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected TempFolderTest() => Directory.CreateDirectory(Dir);

    protected string Dir { get; } = Path.Combine(Path.GetTempPath(), "tdlab-interop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}

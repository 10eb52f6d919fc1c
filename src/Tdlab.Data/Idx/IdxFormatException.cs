namespace Tdlab.Data.Idx;

/// <summary>
/// A malformed IDX file or an inconsistent MNIST-format folder; the message names the file. An
/// <see cref="IOException"/> (System.IO.InvalidDataException is sealed), so one handler catches it together
/// with missing files and folders.
/// </summary>
public sealed class IdxFormatException : IOException
{
    public IdxFormatException(string path, string problem, Exception? inner = null)
        : base($"IDX file '{path}': {problem}", inner)
    {
        Path = path;
    }

    /// <summary>The file (or stream name) that was being read.</summary>
    public string Path { get; }
}

namespace Tdlab.Lab;

/// <summary>File-name hygiene for names chosen by experiments.</summary>
public static class FileNames
{
    /// <summary>Keeps letters, digits, '-', '_' and '.', replaces anything else by '_'.</summary>
    public static string Safe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}

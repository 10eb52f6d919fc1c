namespace Tdlab.Lab;

/// <summary>File-name hygiene for names chosen by experiments, and for names read from a store.</summary>
public static class FileNames
{
    /// <summary>Keeps letters, digits, '-', '_' and '.', replaces anything else by '_'.</summary>
    public static string Safe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    /// <summary>
    /// The full path of <paramref name="relative"/> under <paramref name="root"/>; throws
    /// <see cref="BadInputException"/> when it would lie outside (an absolute path, "..", a name read from an
    /// untrusted store), so nothing is ever written outside the output folder.
    /// </summary>
    public static string Inside(string root, params string[] relative)
    {
        string full = Path.GetFullPath(Path.Combine([root, .. relative]));
        string rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
            throw new BadInputException($"refusing to write '{full}': it is outside the output folder '{rootFull}'");
        return full;
    }
}

using System.IO.Compression;
using Tdlab.Tensors.Io;

namespace Tdlab.Nn.Interop;

/// <summary>
/// NumPy's .npz: a zip archive of .npy files, one per array, named "&lt;key&gt;.npy" (np.savez, np.savez_compressed;
/// np.load(path) gives a mapping from key to array). Keys keep their dots ("0.weight").
/// </summary>
public static class Npz
{
    /// <summary>Every array of the archive by key, in archive order. A damaged archive or member is an error naming it.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                    throw new InvalidDataException($"{path}: member '{entry.FullName}' is not a .npy file");
                string key = entry.FullName[..^4];
                using Stream s = entry.Open();
                // A zip member's stream cannot seek; Npy.Read reads it front to back.
                if (!arrays.TryAdd(key, Npy.Read(s, $"{path}:{entry.FullName}")))
                    throw new InvalidDataException($"{path}: key '{key}' appears twice");
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable .npz archive ({e.Message})", e);
        }

        return arrays;
    }

    /// <summary>Writes the arrays as an uncompressed .npz (as np.savez does).</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach ((string key, NpyArray a) in arrays)
        {
            using Stream s = zip.CreateEntry(key + ".npy", CompressionLevel.NoCompression).Open();
            switch (a.Data)
            {
                case float[] f: Npy.Write<float>(s, f, a.Shape); break;
                case double[] d: Npy.Write<double>(s, d, a.Shape); break;
                case int[] i: Npy.Write<int>(s, i, a.Shape); break;
                case long[] l: Npy.Write<long>(s, l, a.Shape); break;
                default: throw new NotSupportedException($"Npz.Write: '{key}' holds {a.Data.GetType().Name}");
            }
        }
    }
}

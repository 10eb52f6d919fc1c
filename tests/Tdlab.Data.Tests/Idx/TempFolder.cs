using System.Buffers.Binary;
using System.IO.Compression;

namespace Tdlab.Data.Tests.Idx;

/// <summary>A temporary folder for hand-made IDX files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("tdlab-idx-").FullName;
    }

    public string Path { get; }

    /// <summary>The IDX bytes: 00 00 type rank, big-endian dims, payload.</summary>
    public static byte[] Idx(byte type, int[] shape, byte[] payload)
    {
        var bytes = new byte[4 + 4 * shape.Length + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        payload.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            gzip.Write(raw);
        return memory.ToArray();
    }

    /// <summary>Writes bytes to name in the folder, gzipped if asked; returns the full path.</summary>
    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    /// <summary>Writes an MNIST-format split: images ubyte (n, rows, cols), labels ubyte (n).</summary>
    public void WriteSplit(string prefix, byte[] pixels, byte[] labels, int rows, int cols, bool gzip)
    {
        string suffix = gzip ? ".gz" : "";
        Write($"{prefix}-images-idx3-ubyte{suffix}", Idx(0x08, [pixels.Length / (rows * cols), rows, cols], pixels), gzip);
        Write($"{prefix}-labels-idx1-ubyte{suffix}", Idx(0x08, [labels.Length], labels), gzip);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

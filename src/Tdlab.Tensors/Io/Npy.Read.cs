using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Tdlab.Tensors.Io;

public static partial class Npy
{
    /// <summary>Reads a .npy file; the file must end where the array's data ends.</summary>
    public static NpyArray Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        NpyArray array = Read(stream, path);
        if (stream.Position != stream.Length)
            throw new InvalidDataException($"{path}: {stream.Length - stream.Position} bytes after the array data.");
        return array;
    }

    /// <summary>Reads one array from the stream's position; nameForErrors names the source in exceptions.</summary>
    public static NpyArray Read(Stream stream, string nameForErrors)
    {
        Span<byte> prefix = stackalloc byte[PrefixLength];
        ReadExactly(stream, prefix, nameForErrors, "header prefix");
        if (!prefix[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{nameForErrors}: not a .npy file (bad magic).");
        int major = prefix[6];
        int headerLength;
        if (major == 1) headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        else if (major == 2)
        {
            Span<byte> more = stackalloc byte[2];
            ReadExactly(stream, more, nameForErrors, "header length");
            uint length = BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], more[0], more[1]]);
            headerLength = length <= 1 << 24 ? (int)length : throw new InvalidDataException($"{nameForErrors}: header length {length} is implausible.");
        }
        else throw new InvalidDataException($"{nameForErrors}: .npy format version {major}.{prefix[7]} is not supported (1.0, 2.0).");

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, nameForErrors, "header");
        var header = NpyHeader.Parse(Encoding.Latin1.GetString(headerBytes), nameForErrors);

        long count = 1;
        foreach (int d in header.Shape) count *= d;
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{nameForErrors}: {count} elements exceed the largest .NET array.");
        Array data = header.Descr switch
        {
            "<f4" => ReadData<float>(stream, (int)count, nameForErrors),
            "<f8" => ReadData<double>(stream, (int)count, nameForErrors),
            "<i4" => ReadData<int>(stream, (int)count, nameForErrors),
            "<i8" => ReadData<long>(stream, (int)count, nameForErrors),
            _ => throw new InvalidDataException($"{nameForErrors}: dtype '{header.Descr}' is not supported (<f4, <f8, <i4, <i8)."),
        };
        return new NpyArray(header.Descr, header.Shape, data);
    }

    static T[] ReadData<T>(Stream stream, int count, string name) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Npy.Read: reads little-endian data and needs a little-endian machine.");
        var data = new T[count];
        ReadExactly(stream, MemoryMarshal.AsBytes(data.AsSpan()), name, "array data");
        return data;
    }

    static void ReadExactly(Stream stream, Span<byte> buffer, string name, string part)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
                throw new InvalidDataException($"{name}: truncated {part}: expected {buffer.Length} bytes, found {total}.");
            total += n;
        }
    }
}

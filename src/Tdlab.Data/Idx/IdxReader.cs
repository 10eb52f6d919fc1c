using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Tdlab.Data.Idx;

/// <summary>
/// Reads IDX files (the MNIST format): a 4-byte magic number 00 00 TT DD (TT the <see cref="IdxType"/>,
/// DD the number of dimensions), DD big-endian uint32 dimensions, then the elements row-major.
/// Gzip-compressed files are recognised by their content (magic bytes 1f 8b), whatever their name.
/// Every inconsistency raises an <see cref="IdxFormatException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads the IDX file at path, raw or gzip-compressed.</summary>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>
    /// Checks the IDX file at path (magic, header, exactly the declared number of data bytes, gzip integrity)
    /// by streaming through it, and returns its header; the data are not kept, so a check before a sweep
    /// costs one pass over the file and no memory.
    /// </summary>
    public static IdxHeader Inspect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        return Decode(file, path, s => ParseHeader(s, path, keep: false).Header);
    }

    /// <summary>Reads an IDX array from a stream, raw or gzip-compressed; source names it in errors.</summary>
    public static IdxArray Read(Stream stream, string source) =>
        Decode(stream, source, s => ParseHeader(s, source, keep: true).Array!);

    /// <summary>Runs parse on the raw stream, or on its decompressed content when it is gzip.</summary>
    private static T Decode<T>(Stream stream, string source, Func<Stream, T> parse)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        long start = stream.Position;
        Span<byte> probe = stackalloc byte[2];
        int got = stream.ReadAtLeast(probe, 2, throwOnEndOfStream: false);
        stream.Position = start;
        if (got == 2 && probe[0] == 0x1f && probe[1] == 0x8b)
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            try
            {
                return parse(gzip);
            }
            catch (InvalidDataException e)
            {
                throw new IdxFormatException(source, "corrupt gzip stream: " + e.Message, e);
            }
        }

        return parse(stream);
    }

    /// <summary>Parses header and data; keeps the data only when <paramref name="keep"/>.</summary>
    private static (IdxHeader Header, IdxArray? Array) ParseHeader(Stream s, string source, bool keep)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = s.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
            throw new IdxFormatException(source, $"truncated: the file ends after {got} bytes, inside the 4-byte magic number.");
        uint magicValue = BinaryPrimitives.ReadUInt32BigEndian(magic);
        var type = (IdxType)magic[2];
        if (magic[0] != 0 || magic[1] != 0 || !Enum.IsDefined(type))
            throw new IdxFormatException(source,
                $"wrong magic number 0x{magicValue.ToString("X8", CultureInfo.InvariantCulture)}: an IDX file starts with " +
                "00 00, a type byte (08 ubyte, 09 sbyte, 0B short, 0C int, 0D float, 0E double) and the number of dimensions " +
                "(MNIST images 0x00000803, labels 0x00000801).");
        int rank = magic[3];
        if (rank == 0)
            throw new IdxFormatException(source, "the header declares 0 dimensions.");

        var dims = new byte[4 * rank];
        got = s.ReadAtLeast(dims, dims.Length, throwOnEndOfStream: false);
        if (got < dims.Length)
            throw new IdxFormatException(source, $"truncated: the header declares {rank} dimensions but only {got} of their {dims.Length} bytes are present.");
        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dims.AsSpan(4 * d));
            if (size > int.MaxValue)
                throw new IdxFormatException(source, $"dimension {d} is {size}, larger than int.MaxValue.");
            shape[d] = (int)size;
            count = count * size > Array.MaxLength ? Array.MaxLength + 1L : count * size;
        }

        int elementSize = IdxArray.ElementSize(type);
        string shapeText = IdxArray.FormatShape(shape);
        if (count * elementSize > Array.MaxLength)
            throw new IdxFormatException(source, $"shape {shapeText} of {type} is too large to hold in memory.");

        long expected = count * elementSize;
        byte[]? data = keep ? new byte[expected] : null;
        long read = data is null ? CountRemaining(s, expected) : s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < expected)
            throw new IdxFormatException(source,
                $"truncated: the header declares shape {shapeText} of {type} = {expected} data bytes, but only {read} follow the header.");
        long trailing = CountRemaining(s, long.MaxValue);
        if (trailing > 0)
            throw new IdxFormatException(source,
                $"size mismatch: the header declares shape {shapeText} of {type} = {expected} data bytes, but {trailing} more bytes follow them.");
        var header = new IdxHeader(type, shape, source);
        return (header, data is null ? null : new IdxArray(type, shape, data, source));
    }

    /// <summary>Reads and discards up to <paramref name="limit"/> bytes; returns how many there were.</summary>
    private static long CountRemaining(Stream s, long limit)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while (total < limit && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - total))) > 0) total += n;
        return total;
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tdlab.Tensors.Io;

namespace Tdlab.Nn.Interop;

/// <summary>
/// The safetensors format (Hugging Face): an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON
/// mapping each name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the bytes after the header;
/// an optional "__metadata__" object of strings), then the tensors' bytes, little-endian, row-major. Read: F64, F32,
/// F16 and BF16 (the last two widened to float32, their dtype kept in <see cref="NpyArray.Descr"/> as "&lt;f2" and
/// "bf16"), I64, I32. Written: F64 and F32.
/// </summary>
public static class Safetensors
{
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
            throw new InvalidDataException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)(bytes.Length - 8))
            throw new InvalidDataException($"{path}: not a safetensors file (header length {n} past the end of the file)");
        int dataStart = 8 + (int)n;
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (header is not JSON: {e.Message})", e);
        }

        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: safetensors header is not a JSON object");
            foreach (JsonProperty p in header.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                    continue;
                arrays.Add(p.Name, Tensor(path, p, bytes.AsSpan(dataStart)));
            }
        }

        return arrays;
    }

    private static NpyArray Tensor(string path, JsonProperty p, ReadOnlySpan<byte> data)
    {
        InvalidDataException Bad(string what) => new($"{path}: tensor '{p.Name}': {what}");
        try
        {
            string dtype = p.Value.GetProperty("dtype").GetString() ?? "";
            int[] shape = [.. p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
            long[] offsets = [.. p.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
            if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.Length)
                throw Bad($"shape [{string.Join(", ", shape)}] or data_offsets [{string.Join(", ", offsets)}] out of range");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            int size = dtype switch { "F64" or "I64" => 8, "F32" or "I32" => 4, "F16" or "BF16" => 2, _ => 0 };
            if (size == 0)
                throw Bad($"dtype {dtype} is not supported (F64, F32, F16, BF16, I64, I32)");
            if (offsets[1] - offsets[0] != count * size)
                throw Bad($"{offsets[1] - offsets[0]} bytes for {count} values of {dtype}");
            ReadOnlySpan<byte> raw = data[(int)offsets[0]..(int)offsets[1]];
            return dtype switch
            {
                "F64" => new NpyArray("<f8", shape, Values<double>(raw)),
                "F32" => new NpyArray("<f4", shape, Values<float>(raw)),
                "I64" => new NpyArray("<i8", shape, Values<long>(raw)),
                "I32" => new NpyArray("<i4", shape, Values<int>(raw)),
                "F16" => new NpyArray("<f2", shape, Array.ConvertAll(Values<Half>(raw), h => (float)h)),
                _ => new NpyArray("bf16", shape, Array.ConvertAll(Values<ushort>(raw), b => BitConverter.Int32BitsToSingle(b << 16))),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Bad($"malformed entry ({e.Message})");
        }
    }

    /// <summary>Little-endian values (this machine is little-endian: .NET on x64 and arm64).</summary>
    private static TValue[] Values<TValue>(ReadOnlySpan<byte> raw) where TValue : unmanaged =>
        MemoryMarshal.Cast<byte, TValue>(raw).ToArray();

    /// <summary>Writes float64 and float32 arrays, in the order given, with the header padded to 8 bytes.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        var list = arrays.ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        long offset = 0;
        foreach ((string name, NpyArray a) in list)
        {
            (string dtype, int size) = a.Data switch
            {
                double[] => ("F64", 8),
                float[] => ("F32", 4),
                _ => throw new NotSupportedException($"Safetensors.Write: '{name}' holds {a.Data.GetType().Name}"),
            };
            header[name] = new { dtype, shape = a.Shape, data_offsets = new[] { offset, offset + (long)a.Length * size } };
            offset += (long)a.Length * size;
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(json);
        file.Write(Encoding.ASCII.GetBytes(new string(' ', padded - json.Length)));
        foreach ((_, NpyArray a) in list)
        {
            if (a.Data is double[] d)
                file.Write(MemoryMarshal.AsBytes(d.AsSpan()));
            else
                file.Write(MemoryMarshal.AsBytes(((float[])a.Data).AsSpan()));
        }
    }
}

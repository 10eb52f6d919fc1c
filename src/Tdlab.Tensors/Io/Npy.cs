// STUB written by the lab helper so that Tdlab.Lab compiles before the real .npy module lands.
// The tensors helper owns this file: replace it wholesale with the real implementation
// (same signature: Npy.Write<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<int> shape)).
using System.Runtime.InteropServices;
using System.Text;

namespace Tdlab.Tensors.Io;

/// <summary>STUB: minimal NumPy .npy (format 1.0, little-endian, C order) writer for float/double/int/long.</summary>
public static class Npy
{
    public static void Write<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<int> shape) where T : unmanaged
    {
        string descr = typeof(T) == typeof(double) ? "<f8" : typeof(T) == typeof(float) ? "<f4"
            : typeof(T) == typeof(int) ? "<i4" : typeof(T) == typeof(long) ? "<i8"
            : throw new NotSupportedException($"Npy.Write: element type {typeof(T).Name} is not supported");
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count != data.Length)
            throw new ArgumentException($"Npy.Write '{path}': shape ({string.Join(", ", shape.ToArray())}) holds {count} elements, data has {data.Length}");
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.ToArray());
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(MemoryMarshal.AsBytes(data));
    }
}

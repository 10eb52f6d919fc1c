using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tdlab.Tensors.Io;

/// <summary>
/// NumPy .npy format 1.0 (numpy.org/doc/stable/reference/generated/numpy.lib.format.html), C order,
/// little-endian float32 '&lt;f4', float64 '&lt;f8', int32 '&lt;i4', int64 '&lt;i8'. Files are
/// byte-identical to numpy's np.save (1.24): magic "\x93NUMPY", version 1 0, little-endian uint16 header
/// length, then the dict "{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }", 21 - len(str(shape[0]))
/// spaces of growth room (non-scalar shapes), space padding and '\n' so data starts at a multiple of 64.
/// </summary>
public static partial class Npy
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    const int PrefixLength = 10;           // magic (6) + version (2) + header length (2)
    const int Align = 64;                  // numpy.lib.format.ARRAY_ALIGN
    const int GrowthAxisMaxDigits = 21;    // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS

    /// <summary>Writes data (C order, shape dims multiplying to data.Length) to a new file at path.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<int> shape) where T : unmanaged
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, data, shape);
    }

    /// <summary>Writes one array in .npy form at the stream's position.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> data, ReadOnlySpan<int> shape) where T : unmanaged
    {
        string descr = DescrOf<T>();
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Npy.Write: negative dimension in shape {ShapeText(shape)}.", nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException(Invariant($"Npy.Write: shape {ShapeText(shape)} holds {count} elements but data has {data.Length}."), nameof(data));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Npy.Write: writes little-endian data and needs a little-endian machine.");
        stream.Write(Header(descr, shape));
        stream.Write(MemoryMarshal.AsBytes(data));
    }

    /// <summary>The full header (prefix, dict, padding, '\n') as np.save writes it.</summary>
    internal static byte[] Header(string descr, ReadOnlySpan<int> shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {ShapeText(shape)}, }}";
        if (shape.Length > 0) dict += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        int hlen = dict.Length + 1;
        int padding = Align - (PrefixLength + hlen) % Align;
        if (hlen + padding > ushort.MaxValue)
            throw new ArgumentException($"Npy.Write: header for shape {ShapeText(shape)} exceeds format 1.0's 65535 bytes.");
        var header = new byte[PrefixLength + hlen + padding];
        Magic.CopyTo(header);
        header[6] = 1; header[7] = 0;
        header[8] = (byte)((hlen + padding) & 0xFF); header[9] = (byte)((hlen + padding) >> 8);
        Encoding.ASCII.GetBytes(dict, header.AsSpan(PrefixLength));
        header.AsSpan(PrefixLength + dict.Length, padding).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>Python's repr of the shape tuple: (), (5,), (2, 3).</summary>
    static string ShapeText(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 1) return Invariant($"({shape[0]},)");
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "(" + string.Join(", ", parts) + ")";
    }

    static string DescrOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? "<f4" :
        typeof(T) == typeof(double) ? "<f8" :
        typeof(T) == typeof(int) ? "<i4" :
        typeof(T) == typeof(long) ? "<i8" :
        throw new NotSupportedException($"Npy: element type {typeof(T).Name} is not supported (float, double, int, long).");

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Buffers.Binary;
using System.Globalization;

namespace Tdlab.Data.Idx;

/// <summary>
/// The contents of one IDX file: element type, shape (row-major, last axis fastest), and the data bytes
/// exactly as stored (big-endian for multi-byte types), with conversions to .NET arrays.
/// </summary>
public sealed class IdxArray
{
    private readonly int[] _shape;
    private readonly byte[] _data;

    internal IdxArray(IdxType type, int[] shape, byte[] data, string source)
    {
        Type = type;
        _shape = shape;
        _data = data;
        Source = source;
        Count = data.Length / ElementSize(type);
    }

    public IdxType Type { get; }

    /// <summary>The dimensions as declared in the header, e.g. (n, 28, 28) for MNIST images.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The number of elements, the product of <see cref="Shape"/>.</summary>
    public int Count { get; }

    /// <summary>The file the array was read from.</summary>
    public string Source { get; }

    /// <summary>The data bytes as stored in the file.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Bytes per element: 1 for (s)byte, 2 short, 4 int and float, 8 double.</summary>
    public static int ElementSize(IdxType type) => type switch
    {
        IdxType.UnsignedByte or IdxType.SignedByte => 1,
        IdxType.Int16 => 2,
        IdxType.Int32 or IdxType.Single => 4,
        IdxType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an IDX element type"),
    };

    /// <summary>Element i (flat, row-major) as a double.</summary>
    public double GetDouble(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count);
        var d = _data.AsSpan();
        return Type switch
        {
            IdxType.UnsignedByte => d[i],
            IdxType.SignedByte => (sbyte)d[i],
            IdxType.Int16 => BinaryPrimitives.ReadInt16BigEndian(d[(2 * i)..]),
            IdxType.Int32 => BinaryPrimitives.ReadInt32BigEndian(d[(4 * i)..]),
            IdxType.Single => BinaryPrimitives.ReadSingleBigEndian(d[(4 * i)..]),
            _ => BinaryPrimitives.ReadDoubleBigEndian(d[(8 * i)..]),
        };
    }

    /// <summary>All elements times scale, computed in double and rounded to float (scale 1/255 maps bytes onto [0, 1]).</summary>
    public float[] ToFloat(double scale = 1.0)
    {
        var y = new float[Count];
        if (Type == IdxType.UnsignedByte)
        {
            var table = new float[256];                 // every byte value once
            for (int v = 0; v < 256; v++) table[v] = (float)(v * scale);
            for (int i = 0; i < y.Length; i++) y[i] = table[_data[i]];
            return y;
        }

        for (int i = 0; i < y.Length; i++) y[i] = (float)(GetDouble(i) * scale);
        return y;
    }

    /// <summary>All elements times scale, as doubles.</summary>
    public double[] ToDouble(double scale = 1.0)
    {
        var y = new double[Count];
        for (int i = 0; i < y.Length; i++) y[i] = GetDouble(i) * scale;
        return y;
    }

    /// <summary>All elements as ints, e.g. class labels; only for the integer types.</summary>
    public int[] ToInt32()
    {
        if (Type is IdxType.Single or IdxType.Double)
            throw new InvalidOperationException($"IdxArray.ToInt32: '{Source}' holds {Type} elements, not integers.");
        var y = new int[Count];
        for (int i = 0; i < y.Length; i++) y[i] = (int)GetDouble(i);
        return y;
    }

    /// <summary>The magic number as written in the header: 0x0000TTDD for type TT and DD dimensions.</summary>
    public int Magic => ((int)Type << 8) | _shape.Length;

    /// <summary>"(60000, 28, 28)".</summary>
    public string ShapeText => FormatShape(_shape);

    internal static string FormatShape(IEnumerable<int> shape) => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
}

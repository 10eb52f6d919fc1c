using System.Globalization;

namespace Tdlab.Tensors.Io;

/// <summary>
/// An array read from a .npy file: its shape, its NumPy dtype descriptor and its elements in C (row-major)
/// order as float[] ('&lt;f4'), double[] ('&lt;f8'), int[] ('&lt;i4') or long[] ('&lt;i8').
/// </summary>
public sealed class NpyArray
{
    public NpyArray(string descr, int[] shape, Array data)
    {
        Descr = descr;
        Shape = shape;
        Data = data;
    }

    /// <summary>The dimensions; empty for a 0-d (scalar) array.</summary>
    public int[] Shape { get; }

    /// <summary>NumPy dtype descriptor: '&lt;f4', '&lt;f8', '&lt;i4' or '&lt;i8'.</summary>
    public string Descr { get; }

    /// <summary>The elements in C order: float[], double[], int[] or long[] according to <see cref="Descr"/>.</summary>
    public Array Data { get; }

    public int Length => Data.Length;

    /// <summary>The elements as float (a copy; double and 64-bit integers are rounded to nearest).</summary>
    public float[] AsFloat() => Data switch
    {
        float[] f => (float[])f.Clone(),
        double[] d => Array.ConvertAll(d, v => (float)v),
        int[] i => Array.ConvertAll(i, v => (float)v),
        long[] l => Array.ConvertAll(l, v => (float)v),
        _ => throw Unsupported(),
    };

    /// <summary>The elements as double (a copy; 64-bit integers beyond 2^53 are rounded to nearest).</summary>
    public double[] AsDouble() => Data switch
    {
        float[] f => Array.ConvertAll(f, v => (double)v),
        double[] d => (double[])d.Clone(),
        int[] i => Array.ConvertAll(i, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        _ => throw Unsupported(),
    };

    /// <summary>The elements as int (a copy) of an integer array; throws if a 64-bit value does not fit.</summary>
    public int[] AsInt32() => Data switch
    {
        int[] i => (int[])i.Clone(),
        long[] l => Array.ConvertAll(l, v => v is >= int.MinValue and <= int.MaxValue ? (int)v
            : throw new OverflowException(string.Create(CultureInfo.InvariantCulture, $"NpyArray.AsInt32: {v} does not fit in int."))),
        _ => throw new InvalidOperationException($"NpyArray.AsInt32: dtype '{Descr}' is not an integer type."),
    };

    /// <summary>The elements as long (a copy) of an integer array.</summary>
    public long[] AsInt64() => Data switch
    {
        int[] i => Array.ConvertAll(i, v => (long)v),
        long[] l => (long[])l.Clone(),
        _ => throw new InvalidOperationException($"NpyArray.AsInt64: dtype '{Descr}' is not an integer type."),
    };

    InvalidOperationException Unsupported() => new($"NpyArray: unexpected element array {Data.GetType().Name}.");
}

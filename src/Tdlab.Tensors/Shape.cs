using System.Globalization;

namespace Tdlab.Tensors;

/// <summary>
/// The shape of a contiguous row-major tensor: rank 0 (a scalar) up to rank 4.
/// Axis indices may be negative (-1 is the last axis).
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    public const int MaxRank = 4;
    private readonly int _d0, _d1, _d2, _d3;

    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
            throw new ArgumentException($"Shape: rank {dims.Length} exceeds the maximum {MaxRank}");
        foreach (int d in dims)
            if (d < 0) throw new ArgumentException($"Shape: negative dimension in ({string.Join(", ", dims.ToArray())})");
        Rank = dims.Length;
        _d0 = Rank > 0 ? dims[0] : 1;
        _d1 = Rank > 1 ? dims[1] : 1;
        _d2 = Rank > 2 ? dims[2] : 1;
        _d3 = Rank > 3 ? dims[3] : 1;
    }

    public static Shape Scalar => new([]);

    public int Rank { get; }

    /// <summary>Number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Length => checked(_d0 * _d1 * _d2 * _d3);

    public int this[int axis]
    {
        get
        {
            int a = Axis(axis);
            return a switch { 0 => _d0, 1 => _d1, 2 => _d2, _ => _d3 };
        }
    }

    /// <summary>Normalises a possibly negative axis, throwing when it is out of range.</summary>
    public int Axis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for shape {this}");
        return a;
    }

    /// <summary>Product of the dimensions before <paramref name="axis"/>.</summary>
    public int Outer(int axis)
    {
        int p = 1;
        for (int i = 0; i < Axis(axis); i++) p *= this[i];
        return p;
    }

    /// <summary>Product of the dimensions after <paramref name="axis"/> (the row-major stride of that axis).</summary>
    public int Inner(int axis)
    {
        int p = 1;
        for (int i = Axis(axis) + 1; i < Rank; i++) p *= this[i];
        return p;
    }

    public int[] ToArray()
    {
        var a = new int[Rank];
        for (int i = 0; i < Rank; i++) a[i] = this[i];
        return a;
    }

    /// <summary>The same shape with one axis replaced by <paramref name="size"/>.</summary>
    public Shape With(int axis, int size)
    {
        var a = ToArray();
        a[Axis(axis)] = size;
        return new Shape(a);
    }

    /// <summary>The shape with one axis removed.</summary>
    public Shape Without(int axis)
    {
        var a = ToArray().ToList();
        a.RemoveAt(Axis(axis));
        return new Shape(a.ToArray());
    }

    public bool Equals(Shape other) =>
        Rank == other.Rank && _d0 == other._d0 && _d1 == other._d1 && _d2 == other._d2 && _d3 == other._d3;

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode() => HashCode.Combine(Rank, _d0, _d1, _d2, _d3);

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public override string ToString() =>
        "(" + string.Join(", ", ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + (Rank == 1 ? ",)" : ")");

    /// <summary>
    /// NumPy broadcasting: align trailing axes; each pair of sizes must be equal or one of them 1.
    /// </summary>
    public static Shape Broadcast(Shape a, Shape b, string op)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together");
            dims[i] = da == 1 ? db : da;
        }

        return new Shape(dims);
    }
}

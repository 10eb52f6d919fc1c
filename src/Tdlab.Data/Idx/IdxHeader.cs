namespace Tdlab.Data.Idx;

/// <summary>
/// The header of an IDX file: element type and shape, read by <see cref="IdxReader.Inspect(string)"/> after
/// checking that exactly the declared number of data bytes follows, without keeping them.
/// </summary>
public sealed record IdxHeader(IdxType Type, IReadOnlyList<int> Shape, string Source)
{
    /// <summary>The magic number as written in the file: 0x0000TTDD for type TT and DD dimensions.</summary>
    public int Magic => ((int)Type << 8) | Shape.Count;

    /// <summary>"(60000, 28, 28)".</summary>
    public string ShapeText => IdxArray.FormatShape(Shape);
}

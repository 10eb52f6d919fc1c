using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Training;

/// <summary>
/// Shuffled minibatches of a fixed-size set: a permutation of 0..n-1 drawn from <paramref name="rng"/>, cut into
/// batches of <paramref name="batchSize"/>; the remainder is dropped and a new permutation is drawn when the next
/// batch would not fit (one pass = floor(n / batch) steps, an epoch). The draws depend on the stream only.
/// </summary>
public sealed class Minibatches(int count, int batchSize, Rng rng)
{
    private int[] _order = [];
    private int _cursor;

    public int Count { get; } = count >= batchSize && batchSize > 0 ? count : throw new ArgumentException($"Minibatches: need 0 < batch {batchSize} <= count {count}");

    public int BatchSize { get; } = batchSize;

    /// <summary>Steps in one pass over the set.</summary>
    public int StepsPerEpoch => Count / BatchSize;

    /// <summary>The rows of the next batch (valid until the next call).</summary>
    public ReadOnlySpan<int> Next()
    {
        if (_order.Length == 0 || _cursor + BatchSize > _order.Length)
            (_order, _cursor) = (rng.Permutation(Count), 0);
        var rows = _order.AsSpan(_cursor, BatchSize);
        _cursor += BatchSize;
        return rows;
    }
}

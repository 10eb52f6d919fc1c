namespace Tdlab.Probes.Hessian;

/// <summary>
/// The diagonal block A_BB = P_B^T A P_B of an operator on one parameter block B (P_B (n, |B|) embeds the
/// block's coordinates): the per-layer Hessian, Gauss-Newton or Fisher. Works for any operator: each product
/// pads x with zeros, applies A once and keeps the block's rows. Cost: one product of A per product.
/// </summary>
public sealed class BlockOperator : ISymmetricOperator
{
    private readonly ISymmetricOperator _inner;
    private readonly double[] _x;
    private readonly double[] _y;

    public BlockOperator(ISymmetricOperator inner, ParameterBlock block)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(block);
        if (block.Offset < 0 || block.Length < 1 || block.End > inner.Dimension)
            throw new ArgumentOutOfRangeException(nameof(block), block, $"BlockOperator: block outside [0, {inner.Dimension})");
        _inner = inner;
        Block = block;
        _x = new double[inner.Dimension];
        _y = new double[inner.Dimension];
    }

    public ParameterBlock Block { get; }

    public int Dimension => Block.Length;

    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != Block.Length || y.Length != Block.Length)
            throw new ArgumentException($"BlockOperator({Block.Name}): vectors of {x.Length} and {y.Length} for a block of {Block.Length}");
        Array.Clear(_x);
        x.CopyTo(_x.AsSpan(Block.Offset, Block.Length));
        _inner.Apply(_x, _y);
        _y.AsSpan(Block.Offset, Block.Length).CopyTo(y);
    }
}

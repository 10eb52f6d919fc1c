namespace Tdlab.Probes.Hessian;

/// <summary>
/// A contiguous range [Offset, Offset + Length) of the flat parameter vector: one parameter tensor, or one
/// layer's tensors together (e.g. "0" for "0.weight" and "0.bias"). Blocks of a
/// <see cref="HessianOperator{T}"/> follow <c>Module.Parameters()</c> order.
/// </summary>
public sealed record ParameterBlock(string Name, int Offset, int Length)
{
    public int End => Offset + Length;
}

using System.Numerics;

namespace Tdlab.Tensors.Autodiff;

/// <summary>One recorded op: its name, its inputs and its vector-Jacobian product.</summary>
public sealed class Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Node(string op, Tensor<T>[] inputs, BackwardFunction<T> backward)
    {
        Op = op;
        Inputs = inputs;
        Backward = backward;
    }

    public string Op { get; }

    public IReadOnlyList<Tensor<T>> Inputs { get; }

    internal BackwardFunction<T> Backward { get; }

    /// <summary>
    /// For a contiguous view of its single input (<see cref="Tensor{T}.SliceRows"/>): the view's first element
    /// within the input, so that a plain backward adds the view's gradient into that range of the input's
    /// instead of zero-padding it to the input's shape first (<see cref="Autograd"/>); -1 for any other op.
    /// </summary>
    internal int ViewOffset { get; init; } = -1;

    public override string ToString() => Op;
}

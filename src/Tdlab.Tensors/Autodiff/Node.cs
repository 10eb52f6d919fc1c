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

    public override string ToString() => Op;
}

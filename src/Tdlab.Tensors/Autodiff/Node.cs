using System.Numerics;

namespace Tdlab.Tensors.Autodiff;

/// <summary>
/// Computes the gradients of an op's inputs from the gradient of its output (a vector-Jacobian product).
/// Entry i may be null when input i does not require grad. Written with differentiable tensor ops, so that
/// when the backward pass itself is recorded (createGraph) the gradients can be differentiated again.
/// </summary>
public delegate Tensor<T>?[] BackwardFunction<T>(Tensor<T> gradOutput) where T : unmanaged, IFloatingPointIeee754<T>;

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

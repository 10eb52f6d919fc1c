using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// The unrolled sequence from <see cref="Recurrent{T}.Run"/>: the hidden states h_1..h_T (each (B, H),
/// still in the autodiff graph), the initial and the final state.
/// </summary>
public sealed class RecurrentSequence<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal RecurrentSequence(IReadOnlyList<Tensor<T>> hidden, RecurrentState<T> initial, RecurrentState<T> final)
    {
        Hidden = hidden;
        Initial = initial;
        Final = final;
    }

    /// <summary>h_t for t = 1..T at index t-1, each (B, H).</summary>
    public IReadOnlyList<Tensor<T>> Hidden { get; }

    public RecurrentState<T> Initial { get; }

    public RecurrentState<T> Final { get; }

    public int Length => Hidden.Count;

    /// <summary>h_T (B, H).</summary>
    public Tensor<T> Last => Hidden[^1];

    /// <summary>All hidden states stacked (T, B, H) (a differentiable copy).</summary>
    public Tensor<T> Stacked() => Tensor.Stack(Hidden);

    /// <summary>
    /// dL/dh_t for t = 1..T, each (B, H): the total derivative of the scalar loss with respect to h_t,
    /// through every later step (backpropagation through time), i.e. the adjoint
    /// delta_t = dL/dh_t|direct + delta_{t+1} dh_{t+1}/dh_t. Cost: one backward pass.
    /// </summary>
    public Tensor<T>[] Gradients(Tensor<T> loss) => Autograd.Grad([loss], Hidden);

    /// <summary>||dL/dh_t|| (Frobenius norm over the batch) for t = 1..T, the curve the RNN experiments plot.</summary>
    public double[] GradientNorms(Tensor<T> loss) =>
        Gradients(loss).Select(g => Math.Sqrt(double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<T>(g.Span)))).ToArray();
}

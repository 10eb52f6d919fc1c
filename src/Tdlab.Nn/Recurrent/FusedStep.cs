using System.Numerics;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Records one fused recurrent step as a single autograd node. Its backward has two forms:
/// the fused kernel (plain backward, the fast path) and, when the backward pass itself is being recorded
/// (createGraph, for Hessian-vector products), the vector-Jacobian product of the cell's composite
/// reference written with differentiable tensor ops, so that second derivatives are exact.
/// </summary>
internal static class FusedStep
{
    /// <summary>Attaches the node to <paramref name="output"/> (nothing is recorded when no input requires grad).</summary>
    public static Tensor<T> Record<T>(string op, Tensor<T> output, Tensor<T>[] inputs,
        Func<Tensor<T>, Tensor<T>?[]> fastBackward, Func<Tensor<T>[], Tensor<T>> composite)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Autograd.Record(output, op, inputs, g => Autograd.IsRecording ? CompositeVjp(inputs, g, composite) : fastBackward(g));

    /// <summary>
    /// J^T g of the composite reference at the node's inputs, recorded. Each input is first passed through
    /// an identity op, so the inner backward stops there instead of walking back through earlier steps.
    /// </summary>
    private static Tensor<T>?[] CompositeVjp<T>(Tensor<T>[] inputs, Tensor<T> g, Func<Tensor<T>[], Tensor<T>> composite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var alias = new Tensor<T>[inputs.Length];
        var wanted = new List<int>();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].RequiresGrad)
            {
                alias[i] = inputs[i].Affine(T.One, T.Zero);
                wanted.Add(i);
            }
            else
            {
                alias[i] = inputs[i];
            }
        }

        var y = composite(alias);
        var grads = Autograd.Grad([y], wanted.Select(i => alias[i]).ToList(), [g], createGraph: true);
        var result = new Tensor<T>?[inputs.Length];
        for (int j = 0; j < wanted.Count; j++) result[wanted[j]] = grads[j];
        return result;
    }
}

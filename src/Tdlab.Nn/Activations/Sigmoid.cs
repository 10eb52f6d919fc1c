using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = 1 / (1 + exp(-x)); phi'(x) = phi(x) (1 - phi(x)).</summary>
public sealed class Sigmoid<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(Tensor<T> x) => x.Sigmoid();
}

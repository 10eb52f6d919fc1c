using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = x (no op).</summary>
public sealed class Identity<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(Tensor<T> x) => x;
}

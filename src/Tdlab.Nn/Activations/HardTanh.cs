using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = clamp(x, -1, 1); phi'(x) = [-1 &lt; x &lt; 1].</summary>
public sealed class HardTanh<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(Tensor<T> x) => x.HardTanh();
}

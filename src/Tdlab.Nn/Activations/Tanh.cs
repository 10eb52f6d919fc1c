using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = tanh(x); phi'(x) = 1 - tanh(x)^2.</summary>
public sealed class Tanh<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(Tensor<T> x) => x.Tanh();
}

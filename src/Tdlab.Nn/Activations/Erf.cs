using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = erf(x); phi'(x) = 2/sqrt(pi) exp(-x^2).</summary>
public sealed class Erf<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(Tensor<T> x) => x.Erf();
}

using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = max(x, 0); phi'(x) = [x &gt; 0].</summary>
public sealed class Relu<T> : Module<T>, IPointwiseActivation where T : unmanaged, IFloatingPointIeee754<T>
{
    Activation IPointwiseActivation.Kind => Activation.Relu;

    public override Tensor<T> Forward(Tensor<T> x) => x.Relu();
}

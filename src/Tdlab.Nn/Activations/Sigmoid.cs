using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = 1 / (1 + exp(-x)); phi'(x) = phi(x) (1 - phi(x)).</summary>
public sealed class Sigmoid<T> : Module<T>, IPointwiseActivation where T : unmanaged, IFloatingPointIeee754<T>
{
    Activation IPointwiseActivation.Kind => Activation.Sigmoid;

    public override Tensor<T> Forward(Tensor<T> x) => x.Sigmoid();
}

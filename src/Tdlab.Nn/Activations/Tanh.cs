using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = tanh(x); phi'(x) = 1 - tanh(x)^2.</summary>
public sealed class Tanh<T> : Module<T>, IPointwiseActivation where T : unmanaged, IFloatingPointIeee754<T>
{
    Activation IPointwiseActivation.Kind => Activation.Tanh;

    public override Tensor<T> Forward(Tensor<T> x) => x.Tanh();
}

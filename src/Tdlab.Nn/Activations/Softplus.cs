using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn;

/// <summary>phi(x) = log(1 + exp(beta x)) / beta, a smooth ReLU (tends to it as beta -> inf); phi'(x) = sigmoid(beta x).</summary>
public sealed class Softplus<T>(double beta = 1.0) : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta = beta > 0 ? T.CreateTruncating(beta) : throw new ArgumentOutOfRangeException(nameof(beta), beta, "Softplus: beta must be positive");

    public double Beta { get; } = beta;

    public override Tensor<T> Forward(Tensor<T> x) => x.Softplus(_beta);
}

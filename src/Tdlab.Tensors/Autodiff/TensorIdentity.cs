using System.Numerics;

namespace Tdlab.Tensors.Autodiff;

/// <summary>
/// Reference equality for tensors in the backward walk's sets and maps, hashed by a number each tensor
/// takes at construction. (RuntimeHelpers.GetHashCode, behind ReferenceEqualityComparer, takes a slow path
/// the first time it hashes an object, and a training step's graph is all fresh objects.)
/// </summary>
internal sealed class TensorIdentity<T> : IEqualityComparer<Tensor<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static readonly TensorIdentity<T> Instance = new();

    public bool Equals(Tensor<T>? x, Tensor<T>? y) => ReferenceEquals(x, y);

    public int GetHashCode(Tensor<T> obj) => obj.HashId;
}

namespace Tdlab.Tensors.Storage;

/// <summary>Storage a <see cref="TensorScope"/> can hand back to its pool.</summary>
internal interface IRecyclable
{
    void Recycle();
}

namespace Tdlab.Tensors.Storage;

/// <summary>
/// The memory behind one or more tensors (views share it): a pinned array whose element
/// <see cref="Offset"/> is 64-byte aligned. <see cref="Array"/> becomes null when the storage is
/// recycled, so a tensor used after its scope ended throws instead of reading someone else's data.
/// </summary>
public sealed class Storage<T> : IRecyclable where T : unmanaged
{
    internal Storage(T[] array, int offset, int length)
    {
        Array = array;
        Offset = offset;
        Length = length;
    }

    internal T[]? Array { get; private set; }

    internal int Offset { get; }

    /// <summary>Usable elements from <see cref="Offset"/>.</summary>
    public int Length { get; }

    public bool IsRecycled => Array is null;

    void IRecyclable.Recycle() => TensorPool<T>.Return(this);

    internal T[] Detach()
    {
        var a = Array ?? throw new ObjectDisposedException("Storage", "tensor storage recycled twice");
        Array = null;
        return a;
    }
}

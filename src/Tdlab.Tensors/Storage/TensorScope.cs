namespace Tdlab.Tensors.Storage;

/// <summary>
/// A region whose tensors are recycled when it ends: every tensor storage allocated on this thread while
/// the scope is innermost goes back to <see cref="TensorPool{T}"/> on <see cref="Dispose"/>, unless
/// <see cref="Keep{T}"/> moved it to the enclosing scope (or out of all scopes).
/// Typical use, one training step:
/// <code>using (TensorScope.Begin()) { var loss = Loss(model(x), y); loss.Backward(); opt.Step(); }</code>
/// Parameters, their gradients and optimiser state are allocated outside any scope (or under
/// <see cref="Suspend"/>) and live on. Using a recycled tensor throws ObjectDisposedException.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly List<IRecyclable> _owned = [];
    private bool _disposed;

    private TensorScope(TensorScope? parent) => _parent = parent;

    /// <summary>The innermost open scope on this thread, or null (then tensors are garbage collected).</summary>
    public static TensorScope? Current => _current;

    public static TensorScope Begin() => _current = new TensorScope(_current);

    /// <summary>Allocations inside the returned region belong to no scope (persistent state).</summary>
    public static SuspendRegion Suspend() => new();

    /// <summary>Moves a tensor's storage to the enclosing scope, or out of all scopes.</summary>
    public static Tensor<T> Keep<T>(Tensor<T> tensor) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (var s = _current; s is not null; s = s._parent)
        {
            int i = s._owned.LastIndexOf(tensor.Storage);
            if (i < 0) continue;
            s._owned.RemoveAt(i);
            s._parent?._owned.Add(tensor.Storage);
            break;
        }

        return tensor;
    }

    /// <summary>
    /// Recycles a temporary now rather than at the end of the scope, so that the next allocation of its size
    /// reuses memory that is still in cache (e.g. an op's scratch buffer in a backward pass over 100 layers).
    /// The caller guarantees that nothing else refers to the tensor or a view of it; using it afterwards throws
    /// ObjectDisposedException. Does nothing unless the storage belongs to the innermost scope.
    /// </summary>
    public static void Release<T>(Tensor<T> tensor) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var s = _current;
        if (s is null) return;
        int i = s._owned.LastIndexOf(tensor.Storage);                                  // a temporary: near the end
        if (i < 0) return;
        s._owned.RemoveAt(i);
        ((IRecyclable)tensor.Storage).Recycle();
    }

    internal static void Register<T>(Storage<T> storage) where T : unmanaged
    {
        var s = _current;
        if (s is null) return;
        s._owned.Add(storage);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_current != this)
            throw new InvalidOperationException("TensorScope: scopes must end in the reverse order they began");
        _current = _parent;
        foreach (var storage in _owned) storage.Recycle();
        _owned.Clear();
    }

    /// <summary>While alive, new tensors belong to no scope.</summary>
    public readonly struct SuspendRegion : IDisposable
    {
        private readonly TensorScope? _saved;

        public SuspendRegion()
        {
            _saved = _current;
            _current = null;
        }

        public void Dispose() => _current = _saved;
    }
}

using System.Numerics;

namespace Tdlab.Tensors.Autodiff;

/// <summary>
/// The collections one backward walk needs (order, visited/needed sets, gradients), kept per thread and
/// cleared after use, so a training step's backward pass allocates no collections once warm. A walk started
/// while another is running on the same thread (a backward function calling Autograd.Grad) gets fresh ones.
/// </summary>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static Workspace<T>? _cached;

    public List<Tensor<T>> Outputs { get; } = [];

    public List<Tensor<T>> Order { get; } = [];

    public HashSet<Tensor<T>> Visited { get; } = new(TensorIdentity<T>.Instance);

    public HashSet<Tensor<T>> Needed { get; } = new(TensorIdentity<T>.Instance);

    public HashSet<Tensor<T>> Owned { get; } = new(TensorIdentity<T>.Instance);

    public Stack<(Tensor<T> Tensor, int Next)> Stack { get; } = new();

    public Dictionary<Tensor<T>, Tensor<T>> Grads { get; } = new(TensorIdentity<T>.Instance);

    /// <summary>This thread's cached workspace when free, else a fresh one.</summary>
    public static Workspace<T> Rent()
    {
        var w = _cached;
        if (w is null) return new Workspace<T>();
        _cached = null;
        return w;
    }

    /// <summary>Clears every collection (dropping the references to the graph) and caches this workspace for the thread's next walk.</summary>
    public void Return()
    {
        Outputs.Clear(); Order.Clear(); Visited.Clear(); Needed.Clear(); Owned.Clear(); Stack.Clear(); Grads.Clear();
        _cached = this;
    }
}

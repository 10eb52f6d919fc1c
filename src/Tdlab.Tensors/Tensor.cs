using System.Globalization;
using System.Numerics;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;

namespace Tdlab.Tensors;

/// <summary>
/// A contiguous row-major tensor of float or double, rank 0..4, with reverse-mode autodiff.
/// Storage is pinned, 64-byte aligned and pooled (see <see cref="TensorScope"/>); views
/// (<see cref="Reshape(Shape)"/>, <see cref="SliceRows"/>) share it. Ops are instance methods and operators,
/// split by family over the Tensor.*.cs files; each op states its derivative next to its forward.
/// </summary>
public sealed partial class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _start;
    private bool _requiresGrad;
    private Tensor<T>? _grad;
    private bool _gradZeroPending;

    // a counter for HashId: a race between threads only repeats a number, which hashing tolerates
    private static int _nextHashId;

    internal Tensor(Storage<T> storage, int start, Shape shape)
    {
        Storage = storage;
        _start = start;
        Shape = shape;
        HashId = unchecked(++_nextHashId * -1640531535);   // spread by the golden-ratio multiplier
    }

    /// <summary>This tensor's hash in the autodiff walk's identity sets (<see cref="Autodiff.TensorIdentity{T}"/>).</summary>
    internal int HashId { get; }

    public Shape Shape { get; }

    public int Rank => Shape.Rank;

    public int Length => Shape.Length;

    /// <summary>The elements, row-major. Throws if the tensor's scope has ended.</summary>
    public Span<T> Span
    {
        get
        {
            var array = Storage.Array ?? throw new ObjectDisposedException(
                $"Tensor{Shape}", "this tensor's TensorScope has ended and its storage was recycled");
            return new Span<T>(array, Storage.Offset + _start, Length);
        }
    }

    /// <summary>A leaf that gradients flow to, or the output of a recorded op.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad || GradFn is not null;
        set
        {
            if (GradFn is not null && !value)
                throw new InvalidOperationException("RequiresGrad: cannot turn off on a recorded op output; use Detach()");
            _requiresGrad = value;
        }
    }

    public bool IsLeaf => GradFn is null;

    /// <summary>Accumulated gradient of a leaf after <see cref="Backward"/>.</summary>
    public Tensor<T>? Grad
    {
        get
        {
            if (_gradZeroPending)
            {
                _grad!.Span.Clear();
                _gradZeroPending = false;
            }

            return _grad;
        }
        set
        {
            _grad = value;
            _gradZeroPending = false;
        }
    }

    /// <summary>
    /// Sets <see cref="Grad"/> to zero (keeping its storage) without touching its memory yet: the next
    /// reader of Grad gets it cleared, and the next <see cref="Backward"/> writes its gradient instead of
    /// adding it, which saves a pass over the gradient (and the read of a GEMM with beta = 1) per step.
    /// </summary>
    public void ZeroGrad()
    {
        if (_grad is not null) _gradZeroPending = true;
    }

    /// <summary>The gradient buffer and whether its contents count as zero (for Autograd's leaf accumulation).</summary>
    internal Tensor<T>? RawGrad(out bool zeroPending)
    {
        zeroPending = _gradZeroPending;
        return _grad;
    }

    /// <summary>Records that <see cref="Grad"/>'s buffer now holds a written gradient (no pending zero).</summary>
    internal void MarkGradWritten() => _gradZeroPending = false;

    /// <summary>The recorded op that produced this tensor, if any.</summary>
    public Node<T>? GradFn { get; internal set; }

    public string? Name { get; set; }

    internal Storage<T> Storage { get; }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public T this[int i]
    {
        get => Span[i];
        set => Span[i] = value;
    }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public T this[int i, int j]
    {
        get => Span[Index2(i, j)];
        set => Span[Index2(i, j)] = value;
    }

    /// <summary>The single element of a one-element tensor.</summary>
    public T Item()
    {
        if (Length != 1) throw new InvalidOperationException($"Item: tensor of shape {Shape} has {Length} elements, not 1");
        return Span[0];
    }

    public double ItemDouble() => double.CreateTruncating(Item());

    public T[] ToArray() => Span.ToArray();

    public double[] ToDoubleArray()
    {
        var a = new double[Length];
        var s = Span;
        for (int i = 0; i < a.Length; i++) a[i] = double.CreateTruncating(s[i]);
        return a;
    }

    /// <summary>The same values, cut from the graph.</summary>
    public Tensor<T> Detach() => new(Storage, _start, Shape);

    /// <summary>A fresh copy with its own storage, cut from the graph.</summary>
    public Tensor<T> Clone()
    {
        var c = Tensor.Empty<T>(Shape);
        Span.CopyTo(c.Span);
        return c;
    }

    /// <summary>Runs reverse mode from this scalar, accumulating into the .Grad of every leaf that requires grad.</summary>
    public void Backward() => Autograd.Backward(this);

    public override string ToString()
    {
        var s = Span;
        int shown = Math.Min(s.Length, 8);
        var items = new string[shown];
        for (int i = 0; i < shown; i++) items[i] = double.CreateTruncating(s[i]).ToString("G6", CultureInfo.InvariantCulture);
        return $"Tensor<{typeof(T).Name}>{Shape} [{string.Join(", ", items)}{(s.Length > shown ? ", ..." : "")}]";
    }

    private int Index2(int i, int j)
    {
        if (Rank != 2) throw new InvalidOperationException($"indexer [i, j] needs a rank-2 tensor, not {Shape}");
        return i * Shape[1] + j;
    }
}

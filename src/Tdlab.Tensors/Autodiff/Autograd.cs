using System.Numerics;
using Tdlab.Tensors.Storage;

namespace Tdlab.Tensors.Autodiff;

/// <summary>
/// Reverse-mode automatic differentiation. Ops record a <see cref="Node{T}"/> on their output while
/// recording is on (the default) and some input requires grad; <see cref="NoGrad"/> turns recording off
/// for a region. <see cref="Grad{T}(IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}, bool)"/> walks the recorded graph from outputs to inputs in reverse
/// topological order; with createGraph the backward ops are themselves recorded, giving exact higher
/// derivatives (Hessian-vector products by double backward).
/// </summary>
public static class Autograd
{
    [ThreadStatic]
    private static bool _disabled;

    // set while Backward (not Grad) runs its graph walk: leaf gradients may be added straight into .Grad
    [ThreadStatic]
    private static bool _accumulatingLeaves;

    // the identity of the walk running on this thread (0 outside one); every walk draws a new one from _walks
    [ThreadStatic]
    private static long _walk;

    private static long _walks;

    /// <summary>Whether ops on this thread record themselves now.</summary>
    public static bool IsRecording => !_disabled;

    /// <summary>
    /// The identity of the backward walk running on this thread, 0 outside one: unique over the process, so a
    /// backward function that passes state to a later node of the same walk keys it by this, and a walk that
    /// failed, a walk nested in a backward function, or one on another thread never sees it.
    /// </summary>
    public static long CurrentWalk => _walk;

    /// <summary>Ops in the region record nothing.</summary>
    public static RecordingRegion NoGrad() => new(false);

    /// <summary>Ops in the region record (inside a NoGrad region, for example).</summary>
    public static RecordingRegion EnableGrad() => new(true);

    /// <summary>
    /// Attaches a node to <paramref name="output"/> when recording and any input requires grad.
    /// The entry point for ops defined outside this assembly (fused losses, custom layers).
    /// </summary>
    public static Tensor<T> Record<T>(Tensor<T> output, string op, Tensor<T>[] inputs, BackwardFunction<T> backward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_disabled) return output;
        foreach (var input in inputs)
        {
            if (input.RequiresGrad)
            {
                output.GradFn = new Node<T>(op, inputs, backward);
                return output;
            }
        }

        return output;
    }

    /// <summary>
    /// Records <paramref name="output"/> as the contiguous view of <paramref name="input"/> that starts at element
    /// <paramref name="offset"/>: a plain backward adds its gradient into that range of the input's gradient
    /// (<see cref="AccumulateView"/>); a recorded one (createGraph) calls <paramref name="backward"/>.
    /// </summary>
    internal static Tensor<T> RecordView<T>(Tensor<T> output, string op, Tensor<T> input, int offset, BackwardFunction<T> backward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!_disabled && input.RequiresGrad) output.GradFn = new Node<T>(op, [input], backward) { ViewOffset = offset };
        return output;
    }

    /// <summary>
    /// Gradients of sum_i &lt;gradOutputs[i], outputs[i]&gt; with respect to each input (zeros for an input the
    /// outputs do not depend on). gradOutputs may be null only when every output is a scalar (then 1).
    /// With <paramref name="createGraph"/> the returned gradients are recorded and can be differentiated.
    /// Cost: one backward op per recorded op between the outputs and the inputs.
    /// </summary>
    public static Tensor<T>[] Grad<T>(IReadOnlyList<Tensor<T>> outputs, IReadOnlyList<Tensor<T>> inputs,
        IReadOnlyList<Tensor<T>>? gradOutputs = null, bool createGraph = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var targets = new HashSet<Tensor<T>>(inputs, TensorIdentity<T>.Instance);
        var work = Workspace<T>.Rent();
        bool accumulating = _accumulatingLeaves;
        _accumulatingLeaves = false;
        try
        {
            var grads = Run(work, outputs, gradOutputs, targets, createGraph, stopAtTargets: false);
            var result = new Tensor<T>[inputs.Count];
            for (int i = 0; i < inputs.Count; i++)
                result[i] = grads.TryGetValue(inputs[i], out var g) ? g : Tensor.Zeros<T>(inputs[i].Shape);
            return result;
        }
        finally
        {
            _accumulatingLeaves = accumulating;
            work.Return();
        }
    }

    /// <summary>Gradient of a scalar with respect to one input.</summary>
    public static Tensor<T> Grad<T>(Tensor<T> output, Tensor<T> input, bool createGraph = false)
        where T : unmanaged, IFloatingPointIeee754<T> => Grad([output], [input], null, createGraph)[0];

    /// <summary>
    /// While a non-recording <see cref="Backward{T}"/> runs an op's backward: the existing .Grad of
    /// <paramref name="input"/> when it is a leaf that requires grad, so that the op may put its gradient
    /// contribution straight into it (e.g. a GEMM writing into it) and return null for that input, which
    /// saves a buffer and a pass. <paramref name="overwrite"/> says how: true when .Grad counts as zero
    /// (<see cref="Tensor{T}.ZeroGrad"/>), so the op must write its full contribution (GEMM beta = 0);
    /// false when it must add (beta = 1). A caller that receives a target must fill it. Null otherwise
    /// (inside <see cref="Grad{T}(IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}, IReadOnlyList{Tensor{T}}, bool)"/>, with createGraph, before the first backward has allocated .Grad):
    /// then the op returns its gradient as usual.
    /// </summary>
    public static Tensor<T>? LeafGradAccumulator<T>(Tensor<T> input, out bool overwrite) where T : unmanaged, IFloatingPointIeee754<T>
    {
        overwrite = false;
        if (!_accumulatingLeaves || !_disabled || !input.IsLeaf || !input.RequiresGrad) return null;
        var grad = input.RawGrad(out bool zeroPending);
        if (grad is null || grad.Shape != input.Shape) return null;
        overwrite = zeroPending;
        input.MarkGradWritten();
        return grad;
    }

    /// <summary>
    /// Backward from a scalar loss: adds d loss / d leaf into leaf.Grad for every leaf that requires grad.
    /// The .Grad tensors are allocated outside any TensorScope, so they outlive a training step's scope.
    /// </summary>
    public static void Backward<T>(Tensor<T> loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = Workspace<T>.Rent();
        bool accumulating = _accumulatingLeaves;
        try
        {
            work.Outputs.Add(loss);
            _accumulatingLeaves = true;
            var grads = Run(work, work.Outputs, null, null, createGraph: false, stopAtTargets: false);
            _accumulatingLeaves = accumulating;
            foreach (var (tensor, g) in grads)
            {
                if (!tensor.IsLeaf || !tensor.RequiresGrad) continue;
                var grad = tensor.RawGrad(out bool zeroPending);
                if (grad is null)
                {
                    using (TensorScope.Suspend())
                        tensor.Grad = g.Clone();
                }
                else if (zeroPending)
                {
                    g.Span.CopyTo(grad.Span);
                    tensor.MarkGradWritten();
                }
                else
                {
                    var acc = grad.Span;
                    System.Numerics.Tensors.TensorPrimitives.Add(acc, g.Span, acc);
                }
            }
        }
        finally
        {
            _accumulatingLeaves = accumulating;
            work.Return();
        }
    }

    private static Dictionary<Tensor<T>, Tensor<T>> Run<T>(Workspace<T> work, IReadOnlyList<Tensor<T>> outputs,
        IReadOnlyList<Tensor<T>>? gradOutputs, HashSet<Tensor<T>>? targets, bool createGraph, bool stopAtTargets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long outerWalk = _walk;
        _walk = Interlocked.Increment(ref _walks);
        try
        {
            return Walk(work, outputs, gradOutputs, targets, createGraph, stopAtTargets);
        }
        finally
        {
            _walk = outerWalk;
        }
    }

    private static Dictionary<Tensor<T>, Tensor<T>> Walk<T>(Workspace<T> work, IReadOnlyList<Tensor<T>> outputs,
        IReadOnlyList<Tensor<T>>? gradOutputs, HashSet<Tensor<T>>? targets, bool createGraph, bool stopAtTargets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var order = TopologicalOrder(work, outputs);
        var needed = NeededSet(work, order, targets);
        var grads = work.Grads;
        var owned = work.Owned;

        for (int i = 0; i < outputs.Count; i++)
        {
            var o = outputs[i];
            Tensor<T> seed;
            if (gradOutputs is not null)
            {
                if (gradOutputs[i].Shape != o.Shape)
                    throw new ArgumentException($"Grad: gradOutput shape {gradOutputs[i].Shape} differs from output shape {o.Shape}");
                seed = gradOutputs[i];
            }
            else
            {
                if (o.Length != 1)
                    throw new ArgumentException($"Grad: output of shape {o.Shape} is not a scalar; pass gradOutputs");
                seed = Tensor.Ones<T>(o.Shape);
            }

            Accumulate(grads, owned, o, seed, createGraph);
        }

        using var region = new RecordingRegion(createGraph);
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var t = order[k];
            var node = t.GradFn;
            if (node is null || !grads.TryGetValue(t, out var g)) continue;
            if (stopAtTargets && targets is not null && targets.Contains(t)) continue;
            if (node.ViewOffset >= 0 && !createGraph)
            {
                var parent = node.Inputs[0];
                if (parent.RequiresGrad && needed.Contains(parent)) AccumulateView(grads, owned, parent, node.ViewOffset, g);
                if (targets is not null && !targets.Contains(t)) grads.Remove(t);
                continue;
            }

            var inputGrads = node.Backward(g);
            for (int j = 0; j < node.Inputs.Count; j++)
            {
                var input = node.Inputs[j];
                var gi = inputGrads[j];
                if (gi is null || !input.RequiresGrad || !needed.Contains(input)) continue;
                if (gi.Shape != input.Shape)
                    throw new InvalidOperationException($"{node.Op} backward: gradient shape {gi.Shape} for input of shape {input.Shape}");
                Accumulate(grads, owned, input, gi, createGraph);
            }

            if (!createGraph && targets is not null && !targets.Contains(t))
                grads.Remove(t);
        }

        return grads;
    }

    private static void Accumulate<T>(Dictionary<Tensor<T>, Tensor<T>> grads, HashSet<Tensor<T>> owned,
        Tensor<T> key, Tensor<T> g, bool createGraph) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!grads.TryGetValue(key, out var existing))
        {
            // g may be a buffer this walk owns that a backward passed through to several inputs (Add hands its
            // gradient to both): no slot may then add into it in place, or it would change the others' gradients.
            grads[key] = g;
            owned.Remove(g);
            return;
        }

        if (createGraph)
        {
            grads[key] = existing + g;
        }
        else if (owned.Contains(existing))
        {
            var acc = existing.Span;
            System.Numerics.Tensors.TensorPrimitives.Add(acc, g.Span, acc);
        }
        else
        {
            // The first contribution may alias another tensor (e.g. Add passes g through): copy once.
            var sum = existing + g;
            grads[key] = sum;
            owned.Add(sum);
        }
    }

    /// <summary>
    /// Adds g, the gradient of a contiguous view of <paramref name="key"/> starting at element
    /// <paramref name="offset"/>, into key's gradient: the zero-padded adjoint without the padding. The first
    /// contribution is a zero tensor with g copied in (as the padding makes it); a later one adds g into that
    /// range only (the padding would add zeros elsewhere, which changes nothing but the sign of a zero).
    /// </summary>
    private static void AccumulateView<T>(Dictionary<Tensor<T>, Tensor<T>> grads, HashSet<Tensor<T>> owned,
        Tensor<T> key, int offset, Tensor<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!grads.TryGetValue(key, out var acc))
        {
            acc = Tensor.Empty<T>(key.Shape);
            var all = acc.Span;
            all[..offset].Clear();
            g.Span.CopyTo(all.Slice(offset, g.Length));
            all[(offset + g.Length)..].Clear();
            grads[key] = acc;
            owned.Add(acc);
            return;
        }

        if (!owned.Contains(acc))
        {
            // the first contribution may alias another tensor: copy once
            acc = acc.Clone();
            grads[key] = acc;
            owned.Add(acc);
        }

        var range = acc.Span.Slice(offset, g.Length);
        System.Numerics.Tensors.TensorPrimitives.Add(range, g.Span, range);
    }

    /// <summary>Tensors of the graph below the outputs, inputs before the ops that use them (iterative DFS).</summary>
    private static List<Tensor<T>> TopologicalOrder<T>(Workspace<T> work, IReadOnlyList<Tensor<T>> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var order = work.Order;
        var visited = work.Visited;
        var stack = work.Stack;
        foreach (var o in outputs)
        {
            if (!visited.Add(o)) continue;
            stack.Push((o, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.GradFn?.Inputs;
                if (inputs is not null && next < inputs.Count)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGrad && visited.Add(child))
                        stack.Push((child, 0));
                }
                else
                {
                    order.Add(t);
                }
            }
        }

        return order;
    }

    /// <summary>Tensors from which some target is reachable (all tensors when targets is null).</summary>
    private static HashSet<Tensor<T>> NeededSet<T>(Workspace<T> work, List<Tensor<T>> order, HashSet<Tensor<T>>? targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var needed = work.Needed;
        foreach (var t in order)
        {
            bool need = targets is null || targets.Contains(t);
            if (!need && t.GradFn is not null)
            {
                foreach (var input in t.GradFn.Inputs)
                {
                    if (needed.Contains(input)) { need = true; break; }
                }
            }

            if (need) needed.Add(t);
        }

        return needed;
    }

    /// <summary>Sets whether ops record, restoring the previous setting on dispose.</summary>
    public readonly struct RecordingRegion : IDisposable
    {
        private readonly bool _previousDisabled;

        internal RecordingRegion(bool record)
        {
            _previousDisabled = _disabled;
            _disabled = !record;
        }

        public void Dispose() => _disabled = _previousDisabled;
    }
}

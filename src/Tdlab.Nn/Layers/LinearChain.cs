using System.Globalization;
using System.Numerics;
using Tdlab.Kernels;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Tdlab.Nn;

/// <summary>One layer of a <see cref="LinearChain"/>: a Linear and the pointwise activation fused after it (identity for none).</summary>
internal readonly record struct ChainLink<T>(Linear<T> Layer, Activation Phi) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Consecutive Linear layers, each with its fused relu/tanh/sigmoid, h_l = phi_l(h_(l-1) W_l^T + b_l), recorded as ONE
/// node (what <see cref="Sequential{T}"/> runs for an MLP). Member by member of an ensemble (members split over the
/// threads), the whole chain runs while a member's activations are in L1: forward through the layers, and
/// backward through them in reverse, dz_l = g_l phi_l'(h_l), dW_l (+)= dz_l^T h_(l-1), db_l (+)= column sums of
/// dz_l, g_(l-1) = dz_l W_l, with dz and g in small tiles reused from layer to layer and member to member. A
/// member's (E, B, n) activations then cross memory twice (written forward, read backward) instead of once per op;
/// a single model is one member (its GEMMs use every thread). Every value equals the layer-by-layer computation
/// bit for bit. When the backward itself is recorded (createGraph) it records the hidden activations the forward
/// computed as one-layer nodes (views of the same values, nothing recomputed) and chains each layer's
/// differentiable backward, for exact higher derivatives; a plain walk of that recorded gradient (a Hessian-vector
/// product) hands what reaches the views to this node's backward, so the layers are walked down once, as PyTorch's
/// autograd sums a hidden activation's gradients before going below it.
/// </summary>
internal static class LinearChain
{
    /// <summary>The chain's output; <paramref name="chain"/> must not change afterwards (the recorded node refers to it).</summary>
    public static Tensor<T> Forward<T>(IReadOnlyList<ChainLink<T>> chain, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var first = chain[0].Layer;
        int e = Math.Max(first.MemberCount, 1), rows = x.Length / (e * first.InFeatures), depth = chain.Count;
        var ys = new Tensor<T>[depth];                                                  // h_1..h_L: (..., n_l) or (E, B, n_l)
        for (int l = 0; l < depth; l++) ys[l] = Tensor.Empty<T>(x.Shape.With(x.Rank - 1, chain[l].Layer.OutFeatures));

        int parts = Parts(chain, e, rows), threads = e == 1 ? Parallelism.Threads : 1;
        ForMemberRanges(e, parts, (_, m0, m1) =>
        {
            for (int m = m0; m < m1; m++)
            {
                ReadOnlySpan<T> h = x.Span.Slice(m * rows * first.InFeatures, rows * first.InFeatures);
                for (int l = 0; l < depth; l++)
                {
                    var (layer, phi) = chain[l];
                    var ym = ys[l].Span.Slice(m * rows * layer.OutFeatures, rows * layer.OutFeatures);
                    layer.ForwardMember(h, ym, m, rows, threads, phi);
                    h = ym;
                }
            }
        });

        return Record(chain, x, ys, e, rows, parts);
    }

    // the chain's node on its output ys[^1], whose values (and the hidden ys before it) are already computed
    private static Tensor<T> Record<T>(IReadOnlyList<ChainLink<T>> chain, Tensor<T> x, Tensor<T>[] ys, int e, int rows, int parts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = ys[^1];
        var hidden = new HiddenGradients<T>(chain.Count - 1);
        return Autograd.Record(y, OpName(chain), Inputs(chain, x), g => Autograd.IsRecording
            ? RecordedBackward(chain, x, ys, g, e, rows, hidden)
            : PlainBackward(chain, x, ys, g, e, rows, parts, hidden));
    }

    // g_L = g, then per layer l = L..1: dz_l = g_l phi_l'(h_l), dW_l, db_l, g_(l-1) = dz_l W_l (+ the gradient the
    // walk delivered to the view of h_(l-1), when a recorded backward made one)
    private static Tensor<T>?[] PlainBackward<T>(IReadOnlyList<ChainLink<T>> chain, Tensor<T> x, Tensor<T>[] ys, Tensor<T> g,
        int e, int rows, int parts, HiddenGradients<T>? hidden = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var extra = hidden?.Take();
        int depth = chain.Count, widest = 0;
        var targets = new Linear<T>.GradTargets[depth];
        for (int l = depth - 1; l >= 0; l--)                                               // in the order they are written
        {
            targets[l] = chain[l].Layer.Targets();
            widest = Math.Max(widest, Math.Max(chain[l].Layer.InFeatures, chain[l].Layer.OutFeatures));
        }

        var first = chain[0].Layer;
        Tensor<T>? dx = x.RequiresGrad ? Tensor.Empty<T>(x.Shape) : null;
        int tile = rows * widest, threads = e == 1 ? Parallelism.Threads : 1;
        var scratch = Tensor.Empty<T>(parts * 3 * tile);                                   // per thread: dz, and g in two tiles
        ForMemberRanges(e, parts, (part, m0, m1) =>
        {
            using var limit = Parallelism.Limit(threads);
            for (int m = m0; m < m1; m++)
            {
                var last = chain[depth - 1].Layer;
                ReadOnlySpan<T> gl = g.Span.Slice(m * rows * last.OutFeatures, rows * last.OutFeatures);
                for (int l = depth - 1; l >= 0; l--)
                {
                    var (layer, phi) = chain[l];
                    int nIn = layer.InFeatures, nOut = layer.OutFeatures;
                    Span<T> tiles = scratch.Span.Slice(part * 3 * tile, 3 * tile);
                    ReadOnlySpan<T> dz = gl;
                    if (phi != Activation.Identity)
                    {
                        var dzTile = tiles[..(rows * nOut)];
                        Linear<T>.ActivationBackward(ys[l].Span.Slice(m * rows * nOut, rows * nOut), gl, dzTile, phi);
                        dz = dzTile;
                    }

                    ReadOnlySpan<T> hm = (l == 0 ? x : ys[l - 1]).Span.Slice(m * rows * nIn, rows * nIn);
                    Span<T> dh = l > 0 ? tiles.Slice((1 + l % 2) * tile, rows * nIn)
                        : dx is null ? default : dx.Span.Slice(m * rows * nIn, rows * nIn);
                    layer.BackwardMember(dz, hm, m, rows, dh, targets[l]);
                    if (l > 0 && extra?[l - 1] is { } gh)
                        TensorPrimitives.Add(dh, gh.Span.Slice(m * rows * nIn, rows * nIn), dh);
                    gl = dh;
                }
            }
        });

        TensorScope.Release(scratch);                                                      // reused in cache by the next op
        return InInputOrder(chain, dx, l => targets[l].Dw, l => targets[l].Db);
    }

    // h_1..h_(L-1) as recorded one-layer nodes over the values the forward computed (views, nothing recomputed),
    // then each layer's differentiable backward in reverse
    private static Tensor<T>?[] RecordedBackward<T>(IReadOnlyList<ChainLink<T>> chain, Tensor<T> x, Tensor<T>[] ys, Tensor<T> g,
        int e, int rows, HiddenGradients<T> hidden) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int depth = chain.Count;
        var hs = new Tensor<T>[depth + 1];
        hs[0] = x;
        for (int l = 0; l < depth - 1; l++) hs[l + 1] = HiddenView(chain[l], hs[l], ys[l], ys[^1], e, rows, hidden, l);
        hs[depth] = ys[^1];
        var perLayer = new Tensor<T>?[depth][];
        Tensor<T>? gl = g;
        for (int l = depth - 1; l >= 0 && gl is not null; l--)
        {
            var (layer, phi) = chain[l];
            perLayer[l] = layer.DifferentiableBackward(hs[l], Linear<T>.RecordedActivationBackward(hs[l + 1], gl, phi), rows);
            gl = perLayer[l][0];
        }

        return InInputOrder(chain, perLayer[0]?[0], l => perLayer[l]?[1], l => perLayer[l]?.ElementAtOrDefault(2));
    }

    /// <summary>
    /// h_(l+1) = phi(h_l W^T + b) as a one-layer node over the value the chain computed. In a walk that records
    /// (third derivatives) it differentiates as that layer alone. In a plain walk (a Hessian-vector product) it hands
    /// its gradient to the chain's node instead, which adds it where its own backward passes h_(l+1): one walk down
    /// the layers instead of one from the output and one more from each view. The chain's output y is a further
    /// input of the view, with a zero gradient, so that the walk reaches the chain's node after every view.
    /// </summary>
    private static Tensor<T> HiddenView<T>(ChainLink<T> link, Tensor<T> h, Tensor<T> value, Tensor<T> y, int e, int rows,
        HiddenGradients<T> hidden, int l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ChainLink<T>[] one = [link];
        var view = value.Detach();
        return Autograd.Record(view, OpName(one), [.. Inputs(one, h), y], g =>
        {
            if (Autograd.IsRecording) return [.. RecordedBackward(one, h, [view], g, e, rows, new HiddenGradients<T>(0)), null];
            hidden.Add(l, g);
            var none = new Tensor<T>?[2 + (link.Layer.Bias is null ? 1 : 2)];
            none[^1] = Tensor.Zeros<T>(y.Shape);
            return none;
        });
    }

    /// <summary>
    /// Gradients that a plain walk delivered to the views of a chain's hidden activations (h_1..h_(L-1)), held until
    /// the chain's own node runs later in the same walk and takes them. Kept per walk (<see cref="Autograd.CurrentWalk"/>):
    /// walks of one graph on several threads, a walk nested in a backward function, or a walk after one that failed
    /// between the views and the chain's node never see another walk's gradients (a failed walk's entry stays until the
    /// graph is dropped).
    /// </summary>
    private sealed class HiddenGradients<T>(int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Dictionary<long, Tensor<T>?[]> _pending = [];

        // a copy (the walk may reuse g's storage for a sum elsewhere), or the sum with an earlier view of h_(l+1)
        public void Add(int l, Tensor<T> g)
        {
            long walk = Autograd.CurrentWalk;
            lock (_pending)
            {
                if (!_pending.TryGetValue(walk, out var pending)) _pending[walk] = pending = new Tensor<T>?[count];
                pending[l] = pending[l] is { } p ? p + g : g.Clone();
            }
        }

        // this walk's pending gradients (null when none), forgotten after
        public Tensor<T>?[]? Take()
        {
            lock (_pending) return _pending.Remove(Autograd.CurrentWalk, out var pending) ? pending : null;
        }
    }

    // the node's inputs: x, then each layer's weight and bias (when it has one)
    private static Tensor<T>[] Inputs<T>(IReadOnlyList<ChainLink<T>> chain, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => [.. InInputOrder(chain, x, l => chain[l].Layer.Weight, l => chain[l].Layer.Bias)!];

    // values for x and per layer, laid out as the node's inputs (the bias slot only for a layer with a bias)
    private static Tensor<T>?[] InInputOrder<T>(IReadOnlyList<ChainLink<T>> chain, Tensor<T>? forX,
        Func<int, Tensor<T>?> forWeight, Func<int, Tensor<T>?> forBias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = 1;
        foreach (var (layer, _) in chain) count += layer.Bias is null ? 1 : 2;
        var values = new Tensor<T>?[count];
        int i = 0;
        values[i++] = forX;
        for (int l = 0; l < chain.Count; l++)
        {
            values[i++] = forWeight(l);
            if (chain[l].Layer.Bias is not null) values[i++] = forBias(l);
        }

        return values;
    }

    // "linear", "linear_relu" (one layer) or "linear_chainN"; the names are made once
    private static string OpName<T>(IReadOnlyList<ChainLink<T>> chain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (chain.Count == 1) return Linear<T>.OpName(chain[0].Phi);
        if (chain.Count >= ChainNames.Length) return "linear_chain" + chain.Count.ToString(CultureInfo.InvariantCulture);
        return ChainNames[chain.Count] ??= "linear_chain" + chain.Count.ToString(CultureInfo.InvariantCulture);
    }

    private static readonly string?[] ChainNames = new string?[512];

    /// <summary>How many threads an ensemble's members are split over: one unless the work is large enough (one for a single model).</summary>
    private static int Parts<T>(IReadOnlyList<ChainLink<T>> chain, int members, int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (members == 1) return 1;
        long workPerMember = 0;
        foreach (var (layer, _) in chain) workPerMember += (long)rows * layer.InFeatures * layer.OutFeatures;
        return members * workPerMember < ParallelWork ? 1 : Math.Clamp(Math.Min(Parallelism.Threads, members), 1, members);
    }

    /// <summary>Runs body(part, first member, end member) over <paramref name="parts"/> contiguous member ranges, one per thread.</summary>
    private static void ForMemberRanges(int members, int parts, Action<int, int, int> body)
    {
        if (parts <= 1)
        {
            body(0, 0, members);
            return;
        }

        int perPart = (members + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            part => body(part, Math.Min(members, part * perPart), Math.Min(members, (part + 1) * perPart)));
    }

    // multiply-adds below which an ensemble's members are not split over threads (as the GEMM's own threshold)
    private const long ParallelWork = 96L * 96 * 96;
}

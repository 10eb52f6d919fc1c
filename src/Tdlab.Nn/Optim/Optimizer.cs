using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Tensors;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn.Optim;

/// <summary>
/// A first-order optimiser over parameter groups. <see cref="Step"/> applies, to every parameter with a
/// gradient (slice by slice for ensemble members with their own rates): decoupled decay w -= lr lambda_d w,
/// the L2 term g' = g + lambda w (both in the ambient space), the projection of g' to the tangent space of
/// the group's <see cref="ParamGroup{T}.Geometry"/> (egrad2rgrad; identity for Euclidean), then the
/// algorithm's update (<see cref="Update"/>), written once against the geometry's retraction and
/// transport (geoopt optim/rsgd.py, optim/radam.py). Updates run on spans
/// with TensorPrimitives, are not recorded, and allocate nothing: state tensors are allocated once,
/// outside any TensorScope.
/// </summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (ParamGroup<T> Group, Tensor<T> Param)[] _slots;
    private readonly T[] _decayed;
    private readonly List<Tensor<T>> _state = [];

    protected Optimizer(IEnumerable<ParamGroup<T>> groups)
    {
        Groups = [.. groups];
        if (Groups.Count == 0) throw new ArgumentException($"{GetType().Name}: no parameter groups");
        _slots = [.. Groups.SelectMany(g => g.Parameters.Select(p => (g, p)))];
        foreach (var (group, p) in _slots)
        {
            if (group.Geometry is null) throw new ArgumentException($"{GetType().Name}: a parameter group has no geometry");
            if (group.MemberLearningRates is { } rates && (p.Rank == 0 || p.Shape[0] != rates.Length))
                throw new ArgumentException($"{GetType().Name}: parameter {p.Name ?? ""}{p.Shape} has no leading member axis of length {rates.Length}");
        }

        int max = _slots.Length == 0 ? 0 : _slots.Max(s => s.Param.Length);
        _decayed = new T[max];
        Scratch = new T[max];
    }

    public IReadOnlyList<ParamGroup<T>> Groups { get; }

    /// <summary>Number of completed <see cref="Step"/> calls (t in the bias corrections).</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Every state tensor (moments, velocities), in the order the optimiser created them: with the parameters and
    /// <see cref="StepCount"/> they are all a checkpoint needs to resume training bit for bit.
    /// </summary>
    public IReadOnlyList<Tensor<T>> StateTensors => _state;

    /// <summary>Sets <see cref="StepCount"/> when resuming from a checkpoint (after copying <see cref="StateTensors"/> back).</summary>
    public void RestoreStepCount(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        StepCount = steps;
    }

    /// <summary>Every parameter, in group order (the slot index of <see cref="Update"/>).</summary>
    protected int SlotCount => _slots.Length;

    /// <summary>A work buffer as long as the longest parameter.</summary>
    protected T[] Scratch { get; }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _slots) p.ZeroGrad();
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        BeginStep();
        for (int s = 0; s < _slots.Length; s++)
        {
            var (group, p) = _slots[s];
            if (p.Grad is null) continue;
            var rates = group.MemberLearningRates;
            int members = rates?.Length ?? 1, n = p.Length / members;
            var shape = rates is null ? p.Shape : p.Shape.Without(0);     // the member's shape
            Span<T> ps = p.Span;
            ReadOnlySpan<T> gs = p.Grad.Span;
            for (int m = 0; m < members; m++)
            {
                double lr = rates?[m] ?? group.LearningRate;
                var pm = ps.Slice(m * n, n);
                ReadOnlySpan<T> gm = gs.Slice(m * n, n);
                if (group.DecoupledWeightDecay != 0)
                    TensorPrimitives.Multiply(pm, T.CreateTruncating(1.0 - lr * group.DecoupledWeightDecay), pm);
                if (group.WeightDecay != 0)
                {
                    var g2 = _decayed.AsSpan(0, n);
                    TensorPrimitives.MultiplyAdd(pm, T.CreateTruncating(group.WeightDecay), gm, g2);   // g + lambda w
                    gm = g2;
                }

                gm = group.Geometry.ProjectGradient(shape, pm, gm, _decayed.AsSpan(0, n));   // egrad2rgrad
                Update(new ParameterSlice<T>(p.Name ?? "", shape, m, s, m * n, pm, gm, T.CreateTruncating(lr), group.Geometry));
            }
        }
    }

    /// <summary>
    /// Scales all gradients so that their global Euclidean norm is at most <paramref name="maxNorm"/>
    /// (coefficient maxNorm / (norm + 1e-6) when below 1, as torch.nn.utils.clip_grad_norm_); returns the norm before clipping.
    /// A float32 sum of squares overflows once the norm passes ~1.8e19 although every entry is finite (an exploding RNN at
    /// T = 200 reaches 1e28); the sum is then taken again in float64, so clipping still works. Below the overflow the fast
    /// sum is the result, bit for bit.
    /// </summary>
    public double ClipGradNorm(double maxNorm)
    {
        double sq = 0;
        foreach (var (_, p) in _slots)
            if (p.Grad is not null) sq += p.Grad.SumOfSquares();
        if (double.IsPositiveInfinity(sq)) sq = WideSumOfSquares();
        double norm = Math.Sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
        {
            foreach (var (_, p) in _slots) p.Grad?.ScaleInPlace(T.CreateTruncating(coef));
        }

        return norm;
    }

    // sum_i g_i^2 over every gradient, each square in float64 (finite for any finite float32 entry)
    private double WideSumOfSquares()
    {
        double sq = 0;
        foreach (var (_, p) in _slots)
        {
            if (p.Grad is null) continue;
            foreach (T g in p.Grad.Span)
            {
                double v = double.CreateTruncating(g);
                sq += v * v;
            }
        }

        return sq;
    }

    /// <summary>Called once per step before the updates (e.g. to compute bias corrections).</summary>
    protected virtual void BeginStep()
    {
    }

    /// <summary>
    /// The algorithm's update of one slice p.Value from its Riemannian gradient p.Gradient with rate
    /// p.LearningRate: the step goes through p.Retract and momentum-like state through p.Transport; state
    /// slices come from p.State.
    /// </summary>
    protected abstract void Update(in ParameterSlice<T> p);

    /// <summary>The slot (index in group order) of a parameter of this optimiser.</summary>
    protected int SlotOf(Tensor<T> parameter)
    {
        for (int s = 0; s < _slots.Length; s++)
            if (ReferenceEquals(_slots[s].Param, parameter)) return s;
        throw new ArgumentException($"{GetType().Name}: {parameter.Name ?? "the tensor"}{parameter.Shape} is not one of its parameters");
    }

    /// <summary>One zero state tensor per parameter, shaped like it, outside any scope.</summary>
    protected Tensor<T>[] NewState()
    {
        using var _ = TensorScope.Suspend();
        Tensor<T>[] state = [.. _slots.Select(s => Tensor.Zeros<T>(s.Param.Shape))];
        _state.AddRange(state);
        return state;
    }

    /// <summary>One group with the given options.</summary>
    protected static ParamGroup<T>[] OneGroup(IEnumerable<Tensor<T>> parameters, double lr, double weightDecay, double decoupledWeightDecay) =>
        [new ParamGroup<T>(parameters, lr) { WeightDecay = weightDecay, DecoupledWeightDecay = decoupledWeightDecay }];
}

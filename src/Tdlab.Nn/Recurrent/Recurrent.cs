using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// Unrolls a <see cref="RecurrentCell{T}"/> over a sequence x (T, B, n_in): state_t = cell(x_t, state_{t-1})
/// for t = 1..T, every step recorded, so one backward is full backpropagation through time.
/// <see cref="Forward"/> returns the stacked hidden states (T, B, H); <see cref="Run"/> returns each h_t.
/// </summary>
public sealed class Recurrent<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Recurrent(RecurrentCell<T> cell) => Cell = AddModule("cell", cell);

    public RecurrentCell<T> Cell { get; }

    /// <summary>
    /// Runs the cell over x (T, B, n_in) from <paramref name="initial"/> (zeros when null). When
    /// <paramref name="hiddenOffsets"/> is given, a non-null entry t (B, H) is added to h_{t+1} before it is
    /// recorded and fed forward (a perturbation: dL/d offset_t = dL/dh_{t+1}).
    /// </summary>
    public RecurrentSequence<T> Run(Tensor<T> x, RecurrentState<T>? initial = null, IReadOnlyList<Tensor<T>?>? hiddenOffsets = null)
    {
        if (x.Rank != 3 || x.Shape[2] != Cell.InputSize)
            throw new ArgumentException($"Recurrent.Run: input of shape {x.Shape}, expected (T, B, {Cell.InputSize})");
        int steps = x.Shape[0], batch = x.Shape[1];
        if (hiddenOffsets is not null && hiddenOffsets.Count != steps)
            throw new ArgumentException($"Recurrent.Run: {hiddenOffsets.Count} hidden offsets for {steps} steps");
        var start = initial ?? Cell.ZeroState(batch);
        var state = start;
        var hidden = new Tensor<T>[steps];
        for (int t = 0; t < steps; t++)
        {
            var xt = x.SliceRows(t, 1).Reshape(batch, Cell.InputSize);
            state = Cell.Step(xt, state);
            if (hiddenOffsets?[t] is { } offset) state = state with { H = state.H + offset };
            hidden[t] = state.H;
        }

        return new RecurrentSequence<T>(hidden, start, state);
    }

    /// <summary>All hidden states (T, B, H) from the zero state.</summary>
    public override Tensor<T> Forward(Tensor<T> x) => Run(x).Stacked();
}

using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Data.Sequences;

/// <summary>
/// A batch of B sequences of length L for a recurrent net, time-major as <c>Recurrent.Run</c> takes it:
/// <see cref="Inputs"/> (L, B, n). The targets sit at the last <see cref="OutputSteps"/> steps:
/// class labels (<see cref="Labels"/>, (OutputSteps, B) step-major, matching hidden states stacked (k, B, H)
/// reshaped to (k*B, H)) or real targets (<see cref="Targets"/>, (B, TargetDim), read from h_L).
/// <see cref="BaselineLoss"/> is the loss of the best input-blind predictor (the "trivial" solution).
/// </summary>
public sealed record SequenceBatch(
    string Task, int Length, int Batch, int InputDim, float[] Inputs, int OutputSteps,
    int[]? Labels, int Classes, float[]? Targets, int TargetDim, double BaselineLoss)
{
    /// <summary>Inputs as a tensor (L, B, n).</summary>
    public Tensor<T> X<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor.From(Inputs.Select(v => T.CreateTruncating(v)).ToArray(), Length, Batch, InputDim);

    /// <summary>Real targets as a tensor (B, TargetDim); throws for a classification batch.</summary>
    public Tensor<T> Y<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        Targets is null
            ? throw new InvalidOperationException($"SequenceBatch.Y: task '{Task}' has class labels, not real targets")
            : Tensor.From(Targets.Select(v => T.CreateTruncating(v)).ToArray(), Batch, TargetDim);
}

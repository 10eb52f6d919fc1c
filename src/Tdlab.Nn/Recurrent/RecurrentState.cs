using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Nn.Recurrent;

/// <summary>
/// The state a recurrent cell carries between steps: the hidden state h (B, H) and, for an LSTM, the
/// cell state c (B, H). Both stay in the autodiff graph, so gradients flow through them.
/// </summary>
public readonly record struct RecurrentState<T>(Tensor<T> H, Tensor<T>? C = null)
    where T : unmanaged, IFloatingPointIeee754<T>;

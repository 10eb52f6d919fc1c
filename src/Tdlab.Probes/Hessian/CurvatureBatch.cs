using System.Numerics;
using Tdlab.Tensors;

namespace Tdlab.Probes.Hessian;

/// <summary>
/// One batch of a curvature probe: the input (N, ...), the loss as a function of the model's output (a scalar,
/// targets captured by the closure) and the batch's weight in the total loss L = sum_b Weight_b L_b. A full-batch
/// Hessian of a mean loss over a data set split into chunks of N_b rows uses Weight_b = N_b / N (without batch
/// norm in train mode, where chunking changes the function); a minibatch Hessian is one batch of weight 1.
/// </summary>
public sealed record CurvatureBatch<T>(Tensor<T> Input, Func<Tensor<T>, Tensor<T>> Loss, double Weight = 1)
    where T : unmanaged, IFloatingPointIeee754<T>;

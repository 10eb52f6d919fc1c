using System.Numerics;

namespace Tdlab.Tensors.Autodiff;

/// <summary>
/// Computes the gradients of an op's inputs from the gradient of its output (a vector-Jacobian product).
/// Entry i may be null when input i does not require grad. Written with differentiable tensor ops, so that
/// when the backward pass itself is recorded (createGraph) the gradients can be differentiated again.
/// </summary>
public delegate Tensor<T>?[] BackwardFunction<T>(Tensor<T> gradOutput) where T : unmanaged, IFloatingPointIeee754<T>;

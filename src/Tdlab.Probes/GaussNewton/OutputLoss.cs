namespace Tdlab.Probes.GaussNewton;

/// <summary>
/// The loss whose Hessian with respect to the network's output z enters the Gauss-Newton matrix
/// G = J^T H J (seed 004 eq. 8, "final layer Hessian H_g"), per example.
/// </summary>
public enum OutputLoss
{
    /// <summary>(1/2) ||z - y||^2: H = I (regression with a Gaussian likelihood).</summary>
    MeanSquare,

    /// <summary>Softmax cross-entropy -log softmax(z)_y: H = diag(p) - p p^T, p = softmax(z); G is then the Fisher.</summary>
    SoftmaxCrossEntropy,
}

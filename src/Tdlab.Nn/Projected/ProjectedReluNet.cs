using Tdlab.Tensors;

namespace Tdlab.Nn.Projected;

/// <summary>
/// The projected ReLU net as a module (autodiff; the path the probes take): f(x) = relu((x W^T) U^T + b) v with
/// parameters "w" (k, d), "u" (m, k), "b" (m), "v" (m, 1), in the order of <see cref="ProjectedReluWeights.Flatten"/>.
/// Shapes: x (B, d) -> t = x W^T (B, k) -> h = t U^T + b (B, m) -> f = relu(h) v (B, 1).
/// <see cref="ProjectedReluEnsemble"/> trains many of these with a hand-written gradient; this is its reference.
/// </summary>
public sealed class ProjectedReluNet : Module<double>
{
    public ProjectedReluNet(ProjectedReluWeights weights)
    {
        W = AddParameter("w", Tensor.From(weights.W, weights.K, weights.D));
        U = AddParameter("u", Tensor.From(weights.U, weights.M, weights.K));
        Bias = AddParameter("b", Tensor.From(weights.B, weights.M));
        V = AddParameter("v", Tensor.From(weights.V, weights.M, 1));
    }

    public Tensor<double> W { get; }

    public Tensor<double> U { get; }

    public Tensor<double> Bias { get; }

    public Tensor<double> V { get; }

    public override Tensor<double> Forward(Tensor<double> x) =>
        (x.MatMul(W, transB: true).MatMul(U, transB: true) + Bias).Relu().MatMul(V);
}

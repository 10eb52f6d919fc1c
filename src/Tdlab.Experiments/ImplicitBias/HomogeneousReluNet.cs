using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// Two-layer ReLU net without biases, f(x) = sum_j a_j relu(v_j . x) = relu(x V^T) a: positively homogeneous of
/// degree L = 2 in theta = (V, a), f(c theta) = c^2 f(theta), the setting of Lyu &amp; Li (2019). A constant
/// feature in x lets the units place affine boundaries without breaking homogeneity.
/// Weights V (m, D) and a (m, 1) start i.i.d. N(0, s^2).
/// </summary>
internal sealed class HomogeneousReluNet : Module<double>
{
    public HomogeneousReluNet(int inputs, int width, double initScale, Rng rng)
    {
        V = AddParameter("v", Tensor.Normal<double>(rng.Child("v"), new Shape(width, inputs), 0, initScale));
        A = AddParameter("a", Tensor.Normal<double>(rng.Child("a"), new Shape(width, 1), 0, initScale));
    }

    public Tensor<double> V { get; }

    public Tensor<double> A { get; }

    /// <summary>x (n, D) -> f (n, 1).</summary>
    public override Tensor<double> Forward(Tensor<double> x) => x.MatMul(V, transB: true).Relu().MatMul(A);

    /// <summary>||theta||_2 = sqrt(||V||_F^2 + ||a||^2).</summary>
    public double ParameterNorm() => Math.Sqrt(V.SumOfSquares() + A.SumOfSquares());
}

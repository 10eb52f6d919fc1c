using Tdlab.Nn;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Guide;

/// <summary>The guide's section "Measure it": probes are pure functions of (model, inputs).</summary>
public static class Measurements
{
    public static string Describe()
    {
        Sequential<double> net = Training.Model();
        Tensor<double> x = Training.Data().X.IndexRows([0, 1, 2, 3, 4, 5]);

        // Singular values of the input-output Jacobian at each input, pooled (dynamical isometry: all near 1).
        JacobianSpectrum spectrum = JacobianSpectrum.OfMlp(net, x);

        // The empirical NTK K_ij = <df(x_i)/dtheta, df(x_j)/dtheta> of a scalar-output net over the 6 inputs (6 x 6),
        // by the Jacobian and by vector products: two ways that must agree.
        Sequential<double> scalar = Mlp.Build<double>(8, [32, 32], 1, new Rng(7, "ntk"), Activation.Tanh);
        NtkMatrix ntk = EmpiricalNtk.ByJacobian(scalar, x);
        double agreement = ntk.MaxRelativeDifference(EmpiricalNtk.ByVectorProducts(scalar, x));

        // Spectral norm of each weight matrix by power iteration, against the exact SVD, and the Lipschitz bound.
        LayerSpectralNorms norms = SpectralNorms.Of(net, new Rng(3, "power"));

        return $"Jacobian: max {spectrum.Max:F3}, min {spectrum.Min:F3}; NTK {ntk.N}x{ntk.N}, min eigenvalue " +
               $"{ntk.MinEigenvalue():E2}, two methods differ by {agreement:E1}; layer norms " +
               $"[{string.Join(", ", norms.Exact.Select(s => s.ToString("F3")))}], Lipschitz bound {norms.UpperBound:F2}";
    }
}

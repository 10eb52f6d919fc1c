using Tdlab.Nn;
using Tdlab.Tensors;

namespace Tdlab.Probes;

/// <summary>
/// How the empirical NTK of a model moves during training on one fixed probe batch (seed 003, section 4.3 and 4.6):
/// the relative change ||Theta(t) - Theta(0)||_F / ||Theta(0)||_F from the kernel at construction, and the
/// smallest eigenvalue lambda_min(Theta(t)) (the PL-condition constant of the linearised model), both in float64.
/// The kernel is <see cref="EmpiricalNtk.ByJacobian{T}"/>'s; construct it at the parameters of step 0.
/// Cost per measurement: N backward passes, N^2 P multiply-adds and an O(N^3) symmetric eigensolve.
/// </summary>
public sealed class NtkDrift
{
    private readonly Tensor<double> _batch;

    /// <summary>Records Theta(0) of <paramref name="model"/> on <paramref name="batch"/> (N, ...).</summary>
    public NtkDrift(Module<double> model, Tensor<double> batch)
    {
        _batch = batch;
        Initial = EmpiricalNtk.ByJacobian(model, batch);
    }

    /// <summary>The kernel at construction, Theta(0).</summary>
    public NtkMatrix Initial { get; }

    /// <summary>The relative change from Theta(0), and the smallest and largest eigenvalues of the model's current kernel on the probe batch.</summary>
    public (double RelativeChange, double MinEigenvalue, double MaxEigenvalue) Measure(Module<double> model)
    {
        var theta = EmpiricalNtk.ByJacobian(model, _batch);
        var eigenvalues = theta.Eigenvalues();
        return (theta.RelativeChangeFrom(Initial), eigenvalues[0], eigenvalues[^1]);
    }
}

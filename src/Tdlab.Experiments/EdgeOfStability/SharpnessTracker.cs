using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// The sharpness lambda_max of the full-batch loss Hessian along a trajectory: each estimate is Lanczos on exact HVPs
/// (<see cref="TopEigenpairs"/>), warm-started from the previous estimate's top vector, stopped when the Ritz residual
/// bound falls below tolerance * ||T|| (at most 100 Lanczos steps).
/// </summary>
internal sealed class SharpnessTracker(Module<double> model, Func<Tensor<double>, Tensor<double>> loss, Tensor<double> x, double tolerance, Rng rng)
{
    public const int MaxIterations = 100;

    private double[]? _previous;

    public Eigenpairs Estimate()
    {
        var op = new HessianOperator<double>(model, new CurvatureBatch<double>(x, loss), BatchNormMode.Train);
        var top = TopEigenpairs.Estimate(op, 1, rng, Math.Min(MaxIterations, op.Dimension), tolerance, _previous);
        _previous = top.Vectors[0];
        return top;
    }
}

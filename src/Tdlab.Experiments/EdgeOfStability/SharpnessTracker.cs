using System.Numerics;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// The sharpness lambda_max of the full-batch loss Hessian along a trajectory: each estimate is Lanczos on exact HVPs
/// (<see cref="TopEigenpairs"/>), warm-started from the previous estimate's top vector, stopped when the Ritz residual
/// bound falls below tolerance * ||T|| (at most 100 Lanczos steps). The products are in the model's precision T; the
/// Lanczos recurrence, its full reorthogonalisation and the Ritz vectors are float64 (a float32 product has relative error
/// about 1e-7 per entry, far below the 1e-4 tolerance and the residual reported with every estimate).
/// </summary>
internal sealed class SharpnessTracker<T>(EosProblem<T> problem, double tolerance, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int MaxIterations = 100;

    private double[]? _previous;

    public Eigenpairs Estimate()
    {
        var op = new HessianOperator<T>(problem.Model, new CurvatureBatch<T>(problem.X, problem.LossOf), BatchNormMode.Train);
        var top = TopEigenpairs.Estimate(op, 1, rng, Math.Min(MaxIterations, op.Dimension), tolerance, _previous);
        _previous = top.Vectors[0];
        return top;
    }
}

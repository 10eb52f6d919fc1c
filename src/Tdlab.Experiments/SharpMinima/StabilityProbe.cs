using Tdlab.Experiments.Common;
using Tdlab.Nn;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// The largest stable full-batch GD step at a point w*: a trial with step eta runs K GD steps from w* and is stable when the
/// loss stays finite and at most twice L(w*) at every step (a step above 2/lambda_max grows the top-direction component by
/// |1 - eta lambda| &gt; 1 per step, which shows within K steps). Bisection on c in eta = c 2/lambda over [0.5, 2] (geometric
/// midpoints), w* restored after every trial. Cost: K * bisection-steps gradient evaluations.
/// </summary>
internal static class StabilityProbe
{
    public static double LargestStableStep(Module<double> model, FixedSubset data, double lambdaMax, int steps, int bisections)
    {
        var parameters = model.Parameters().ToList();
        var saved = parameters.Select(p => p.ToArray()).ToList();
        double start = SharpnessExperiment.FullLoss(model, data);
        double lo = 0.5, hi = 2.0;
        for (int b = 0; b < bisections; b++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (Stable(model, data, mid * 2 / lambdaMax, steps, 2 * start)) lo = mid;
            else hi = mid;
            for (int i = 0; i < parameters.Count; i++) saved[i].CopyTo(parameters[i].Span);
        }

        return Math.Sqrt(lo * hi) * 2 / lambdaMax;
    }

    /// <summary>K GD steps with step eta; false as soon as the loss is not finite or above the ceiling.</summary>
    private static bool Stable(Module<double> model, FixedSubset data, double eta, int steps, double ceiling)
    {
        var parameters = model.Parameters().ToList();
        for (int t = 0; t < steps; t++)
        {
            using var scope = TensorScope.Begin();
            using var rec = Autograd.EnableGrad();
            var loss = Loss.CrossEntropy(model.Forward(data.X), data.Labels);
            double value = loss.ItemDouble();
            if (!double.IsFinite(value) || value > ceiling) return false;
            var grads = Autograd.Grad([loss], parameters);
            for (int i = 0; i < parameters.Count; i++) parameters[i].AddInPlace(grads[i], -eta);
        }

        double end = SharpnessExperiment.FullLoss(model, data);
        return double.IsFinite(end) && end <= ceiling;
    }
}

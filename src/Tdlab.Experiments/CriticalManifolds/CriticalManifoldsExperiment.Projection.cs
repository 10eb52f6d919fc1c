using Tdlab.Data;
using Tdlab.Lab.Runner;
using Tdlab.Nn;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using static Tdlab.Experiments.CriticalManifolds.CriticalManifoldsMetrics;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>Section 3.4.1: the most non-Gaussian projection of a critical net's pre-activations against Gaussian draws.</summary>
public sealed partial class CriticalManifoldsExperiment
{
    /// <summary>Random starts of the pursuit (each climbs to a local maximum of |kurtosis|; the largest is kept).</summary>
    public const int PursuitStarts = 10;

    /// <summary>The held-out half's most non-Gaussian projection of the pre-activations (step 0) and of the Gaussian draws, standardised.</summary>
    public const string PreactivationProjectionArray = "preact-heldout-projection";

    /// <inheritdoc cref="PreactivationProjectionArray"/>
    public const string GaussianProjectionArray = "gaussian-heldout-projection";

    /// <summary>
    /// h_L = W_L x_{L-1} + b_L over every training image (n x N, in chunks without recording), the held-out pursuit on it
    /// (fitted on a random half, measured on the other), and the same on n x N standard normal draws from the run's
    /// stream; the held-out and in-sample |kappa| of both and both held-out projections are stored.
    /// </summary>
    private static void Pursue(RunContext<CriticalManifoldsRun> ctx, Dataset train, InitScales scales)
    {
        var r = ctx.Config;
        var (model, _) = Build<double>(r, train.Dim, train.Classes, ctx.Shared("model", "weights"), scales);
        var h = LastPreactivations(model, r.Depth, train);
        var found = ProjectionPursuit.HeldOut(h, train.Count, r.Width, ctx.Rng.Child("pursuit/preactivations"), PursuitStarts);
        var gauss = new double[h.Length];
        ctx.Rng.Child("gaussian-draws").Normal<double>(gauss, 0, 1);
        var reference = ProjectionPursuit.HeldOut(gauss, train.Count, r.Width, ctx.Rng.Child("pursuit/gaussian"), PursuitStarts);
        ctx.Log(0, PreactivationKurtosis, Math.Abs(found.HeldOutKurtosis));
        ctx.Log(0, GaussianKurtosis, Math.Abs(reference.HeldOutKurtosis));
        ctx.Log(0, PreactivationFitKurtosis, Math.Abs(found.FitKurtosis));
        ctx.Log(0, GaussianFitKurtosis, Math.Abs(reference.FitKurtosis));
        ctx.LogArray(PreactivationProjectionArray, 0, found.HeldOutProjection, found.HeldOutProjection.Length);
        ctx.LogArray(GaussianProjectionArray, 0, reference.HeldOutProjection, reference.HeldOutProjection.Length);
    }

    /// <summary>The pre-activations of hidden layer L (the output of the model's (2L-1)-th module), row-major n x N.</summary>
    internal static double[] LastPreactivations(Sequential<double> model, int depth, Dataset data, int chunk = 1000)
    {
        int width = ((Linear<double>)model.Layers[2 * depth - 2]).Weight.Shape[0];
        var h = new double[(long)data.Count * width];
        using var _ = Autograd.NoGrad();
        for (int start = 0; start < data.Count; start += chunk)
        {
            var rows = Enumerable.Range(start, Math.Min(chunk, data.Count - start)).ToArray();
            var x = data.X<double>(rows);
            for (int l = 0; l < 2 * depth - 1; l++) x = model.Layers[l].Forward(x);
            x.Span.CopyTo(h.AsSpan(start * width, rows.Length * width));
        }

        return h;
    }
}

using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Probes.MeanField;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// How variance and gradients travel through depth (seed 002, "Matrix Recursion"; seed 004 section 2.2):
/// random ReLU nets against E(F_l^2) = rho E(F_{l-1}^2) + E(B^2)/2, and random tanh nets against the mean-field
/// length map, its fixed point q* and chi = sigma_w^2 integral phi'(sqrt(q*) h)^2 Dh (Gauss-Hermite), whose logarithm is
/// the predicted per-layer growth of the mean squared gradient; chi = 1 is the order/chaos line.
/// </summary>
public sealed partial class SignalPropagationExperiment : Experiment<SignalPropagationConfig, SignalPropagationRun>
{
    public override string Name => "signal-propagation";

    public override string Title => "Signal and gradient propagation in wide random nets: the ReLU variance recursion and the tanh order/chaos transition";

    public override string SeedReference => "seed 002 (variance recursion, rho = n E(W^2)/2); seed 004 section 2.2 (length map, q*, chi)";

    public override SignalPropagationConfig Quick => new() { Seeds = 1 };

    public override SignalPropagationConfig Full => new()
    {
        Seeds = 3, Width = 1024, ReluNets = 128, ReluBatch = 16, Rhos = [0.7, 0.9, 1.0, 1.1, 1.3],
        TanhWeightVariances = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0], TanhBiasVariances = [0.01, 0.1, 0.3, 0.5], TanhLayers = 50, TanhNets = 2,
    };

    public override void Validate(SignalPropagationConfig c)
    {
        if (c.Width < 1 || c.ReluLayers < 1 || c.TanhLayers < 2 || c.ReluNets < 1 || c.TanhNets < 1 || c.ReluBatch < 1 || c.TanhBatch < 1)
            throw new BadInputException("width, layers, nets and batches must be positive (tanh-layers >= 2)");
        if (c.Rhos.Any(r => !(r > 0)) || c.BiasVariance < 0)
            throw new BadInputException("rhos must be positive and bias-variance non-negative");
        if (c.TanhWeightVariances.Any(w => !(w > 0)) || c.TanhBiasVariances.Any(b => !(b >= 0)))
            throw new BadInputException("tanh-weight-variances must be positive and tanh-bias-variances non-negative");
        if (c.TanhBiasVariances.Contains(0) && c.TanhWeightVariances.Any(w => w <= 1))
            throw new BadInputException("sigma_b^2 = 0 with sigma_w^2 <= 1 has q* = 0 (no signal to propagate); use a positive tanh bias variance");
    }

    public override IEnumerable<SignalPropagationRun> Grid(SignalPropagationConfig c) =>
        (from rho in c.Rhos
         select new SignalPropagationRun(SignalPropagationRun.Relu, c.Width, c.ReluLayers, c.ReluNets, c.ReluBatch, rho, 0, c.BiasVariance))
        .Concat(from w2 in c.TanhWeightVariances
                from b2 in c.TanhBiasVariances
                select new SignalPropagationRun(SignalPropagationRun.Tanh, c.Width, c.TanhLayers, c.TanhNets, c.TanhBatch, 0, w2, b2));

    public override void Run(RunContext<SignalPropagationRun> ctx)
    {
        var c = ctx.Config;
        bool relu = c.Activation == SignalPropagationRun.Relu;
        double weightVariance = relu ? 2 * c.Rho / c.Width : c.SigmaW2 / c.Width;
        double qStar = relu ? 1 : LengthMap.FixedPoint(MeanFieldActivation.Tanh, c.SigmaW2, c.SigmaB2);
        if (!relu)
        {
            ctx.Log(0, "q_star", qStar);
            ctx.Log(0, "log_chi", Math.Log(Criticality.Chi(MeanFieldActivation.Tanh, c.SigmaW2, c.SigmaB2)));
        }

        // Per layer and net: the second moments; the run stores their mean over nets and its standard error.
        var net = new RandomNet(c.Width, c.Layers, c.Batch);
        var nets = new List<RandomNet.Moments>();
        for (int k = 0; k < c.Nets; k++)
        {
            ctx.ThrowIfCancelled();
            nets.Add(net.Run(relu, weightVariance, c.SigmaB2, qStar, ctx.Rng.Child($"net{k}")));
        }

        for (int l = 0; l <= c.Layers; l++)
        {
            LogMean(ctx, l, "act_m2", nets.Select(m => m.Activation[l]));
            LogMean(ctx, l, "pre_m2", nets.Select(m => m.PreActivation[l]));
            LogMean(ctx, l, "grad_act_m2", nets.Select(m => m.ActivationGradient[l]));
            LogMean(ctx, l, "grad_pre_m2", nets.Select(m => m.PreActivationGradient[l]));
        }

        if (!relu) ctx.Log(0, "growth", MeasuredGrowth(nets.Select(m => m.PreActivationGradient).ToList(), c.Layers));
    }

    /// <summary>
    /// Measured per-layer growth of the mean squared gradient towards the input: the least-squares slope of
    /// ln E(dL/dh_l)^2 (averaged over nets) against L - l, over l = 0..L.
    /// </summary>
    internal static double MeasuredGrowth(IReadOnlyList<double[]> perNet, int layers)
    {
        var y = Enumerable.Range(0, layers + 1).Select(l => Math.Log(perNet.Average(g => g[l]))).ToArray();
        var x = Enumerable.Range(0, layers + 1).Select(l => (double)(layers - l)).ToArray();
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)), sxx = x.Sum(v => (v - mx) * (v - mx));
        return sxy / sxx;
    }

    private static void LogMean(RunContext ctx, int layer, string name, IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        ctx.Log(layer, name, mean);
        if (v.Length > 1)
            ctx.Log(layer, name + "_se", Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1) / v.Length));
    }
}

using Tdlab.Data;
using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// Feature vs lazy training in the (alpha, m) plane (seed 002; Geiger, Spigler, Jacot &amp; Wyart 2020): the model
/// F(w, x) = alpha (f(w, x) - f(w0, x)) trained by full-batch gradient descent on
/// L(w) = (1 / (alpha^2 n)) sum_i sp_beta(1 - y_i F(w, x_i)). Large alpha sqrt(m): lazy (the tangent kernel Theta
/// barely moves, t_{L/2} = O(1)); small alpha sqrt(m): feature training (Theta changes, t_{L/2} ~ alpha sqrt(m)).
/// Every run of one replicate uses the same data; the weights are drawn per width. float64 throughout.
/// </summary>
public sealed partial class LazyVsFeatureExperiment : Experiment<LazyVsFeatureConfig, LazyVsFeatureRun>
{
    public override string Name => "lazy-vs-feature";

    public override string Title => "Lazy vs feature training in the (alpha, width) plane";

    public override string SeedReference => "seed 002 (active vs lazy training, Geiger et al. 2020); seed 003 (relative NTK change, NTK minimum eigenvalue)";

    public override LazyVsFeatureConfig Quick => new() { Seeds = 3, TestSize = 4096 };

    public override LazyVsFeatureConfig Full => new()
    {
        Seeds = 5, Widths = [32, 64, 128, 256, 512], ScaleMin = 1e-3, ScaleMax = 1e3, ScaleCount = 13, TrainSize = 1024, TestSize = 4096,
        ProbeSize = 64, MaxSteps = 5000, StopRatio = 1e-3, FeatureRegimeMax = 0.1,
    };

    public override void Validate(LazyVsFeatureConfig c)
    {
        if (c.Widths.Length == 0 || c.Widths.Any(m => m < 1))
            throw new BadInputException("widths must be a non-empty list of positive widths");
        if (!(c.ScaleMin > 0) || c.ScaleMax < c.ScaleMin || c.ScaleCount < 1)
            throw new BadInputException($"need 0 < scale-min <= scale-max and scale-count >= 1, got {c.ScaleMin}, {c.ScaleMax}, {c.ScaleCount}");
        if (c.TrainSize < 2 || c.TestSize < 1 || c.ProbeSize < 1 || c.ProbeSize > c.TrainSize || c.MaxSteps < 1 || c.InputDim < 1)
            throw new BadInputException("need train-size >= 2, test-size >= 1, 1 <= probe-size <= train-size, max-steps >= 1, input-dim >= 1");
        if (!(c.StepSize > 0) || !(c.StopRatio is > 0 and < 1) || !(c.Beta > 0) || !(c.Gain > 0) || !(c.HingeBeta > 0))
            throw new BadInputException("step-size, beta, gain and hinge-beta must be positive and stop-ratio in (0, 1)");
        ClassificationTask.Validate(c.Data);
    }

    public override IEnumerable<LazyVsFeatureRun> Grid(LazyVsFeatureConfig c) =>
        from m in c.Widths
        from s in Grids.LogSpace(c.ScaleMin, c.ScaleMax, c.ScaleCount)
        select new LazyVsFeatureRun(c.Data, m, s, c.InputDim, c.TrainSize, c.TestSize, c.ProbeSize, c.StepSize, c.StopRatio,
            c.MaxSteps, c.Beta, c.Gain, c.HingeBeta, c.FeatureRegimeMax);

    public override void Run(RunContext<LazyVsFeatureRun> ctx)
    {
        var c = ctx.Config;
        var (train, test) = BinaryTask.Load(Name, c, ctx.Replicate);
        var net = new GeigerNet(train.X.Shape[1], c.Width, c.Beta, c.Gain,
            new Rng(Seeds.Derive(Seeds.Hash($"{Name}/weights/{c.Width}"), ctx.Replicate), "weights"));
        var probe = train.X.SliceRows(0, c.ProbeSize);

        // The kernel at initialisation by both methods; their disagreement is logged as a check.
        var theta0 = EmpiricalNtk.ByJacobian(net, probe);
        ctx.Log(0, "ntk_agreement", theta0.MaxRelativeDifference(EmpiricalNtk.ByVectorProducts(net, probe)));
        ctx.Log(0, "ntk_min_eigenvalue", theta0.MinEigenvalue());
        ctx.Log(0, "ntk_norm", theta0.FrobeniusNorm);

        Tensor<double> f0Train, f0Test;
        using (Autograd.NoGrad())
        {
            f0Train = net.Forward(train.X).Detach();
            f0Test = net.Forward(test.X).Detach();
        }

        double alpha = c.Alpha, eta = c.Eta;
        var optimizer = new Sgd<double>(net.Parameters(), eta);
        double initial = double.NaN, previous = double.NaN, tHalf = double.NaN;
        int step = 0;
        for (; step <= c.MaxSteps; step++)
        {
            using var scope = TensorScope.Begin();
            // L = sp_beta(1 - y F) / alpha^2 with F = alpha (f - f0)
            var loss = Loss.SoftHinge((net.Forward(train.X) - f0Train) * alpha, train.Y, c.HingeBeta) * (1 / (alpha * alpha));
            double value = loss.ItemDouble();
            ctx.Log(step, "loss", value);
            if (!double.IsFinite(value)) return;
            if (step == 0) initial = value;
            else if (double.IsNaN(tHalf) && value <= initial / 2)
                tHalf = eta * (step - 1 + (previous - initial / 2) / (previous - value));   // linear interpolation in time
            previous = value;
            if (step == c.MaxSteps || value <= c.StopRatio * initial) break;
            ctx.ThrowIfCancelled();
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
        }

        int last = Math.Min(step, c.MaxSteps);
        ctx.Log(last, "t_half", tHalf);
        ctx.Log(last, "time", last * eta);
        ctx.Log(last, "train_error", Error(net, train.X, f0Train, train.Y, alpha));
        ctx.Log(last, "test_error", Error(net, test.X, f0Test, test.Y, alpha));
        var theta = EmpiricalNtk.ByJacobian(net, probe);
        ctx.Log(last, "ntk_change", theta.RelativeChangeFrom(theta0));
        ctx.Log(last, "ntk_min_eigenvalue", theta.MinEigenvalue());
        ctx.Log(last, "ntk_norm", theta.FrobeniusNorm);
    }

    /// <summary>Fraction of examples with sign(F(x)) != y, F = alpha (f(w, x) - f(w0, x)).</summary>
    private static double Error(GeigerNet net, Tensor<double> x, Tensor<double> f0, Tensor<double> y, double alpha)
    {
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Begin();
        var margin = ((net.Forward(x) - f0) * alpha * y).ToDoubleArray();
        return margin.Count(v => !(v > 0)) / (double)margin.Length;
    }
}

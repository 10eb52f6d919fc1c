using Tdlab.Experiments.Common;
using Tdlab.Lab;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Training;
using Tdlab.Nn;
using Tdlab.Nn.Optim;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Storage;
using static Tdlab.Experiments.LazyVsFeature.LazyVsFeatureMetrics;

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

    public override MetricSet Metrics => LazyVsFeatureMetrics.All;

    public override IReadOnlyList<Deviation> Deviations =>
    [
        new("data: a synthetic binary teacher-student task (inputs on the sphere ||x|| = sqrt(d), d = 10, labels of a random tanh teacher " +
            "with 8 hidden units; 128 training points in the quick preset) instead of the image tasks of Geiger et al. (2020)",
            "runs in seconds on 2 cores without a download; --set data=fashion-mnist gives classes 0-4 vs 5-9"),
        new("scale: widths 16, 64, 256 (full preset 32 to 512) and 5 seeds instead of widths of hundreds to thousands " +
            "averaged over 20 initialisations; alpha sqrt(m) on a 7-point log grid in [1e-2, 1e2] (full: 13 points in [1e-3, 1e3]); the empirical NTK on a probe batch of 16 " +
            "training points (full: 64)",
            "every family's quick preset must finish in minutes on 2 cores; the full preset needs about 50 minutes on 2 cores (run 2026-12-02: about 6,100 CPU-seconds, 51 minutes on 2 idle cores)"),
        new("optimiser: full-batch gradient descent with a fixed step eta = step-size * min(step-cap, alpha sqrt(m)), step-cap 10 in both presets, stopped when the loss " +
            "falls below 2% of its initial value or after 8000 steps (full: 1% or 40000), instead of the continuous-time gradient flow the lecture's t_L/2 refers to " +
            "(first declared: min(1, alpha sqrt(m)) and 300 steps; step-cap and step limits changed 2026-12-01, see the dated entries below)",
            "a step proportional to the regime's time scale t_c ~ alpha sqrt(m) keeps the small-alpha runs stable at a bounded number of steps"),
        new("collapse statistic: the spread of the raw test error over widths, without the arbitrary affine transformation of the test error " +
            "per width that Geiger et al. (Fig. 3d) allow before the curves collapse",
            "a fixed, pre-stated statistic; the threshold (spread ratio < 0.5) is the one the family started with; since 2026-12-01 the claim " +
            "widths-collapse-affine tests the seed's statement with the affine map (fitted per width by least squares), same threshold"),
        new("quick preset widths 16, 64, 256 (a factor 16, as issue 11 asks; 32, 64, 128 before, 2026-12-01), not 8..128",
            "width 8 cannot reach the stop criterion in the lazy regime: its empirical NTK at init is nearly singular (smallest probe eigenvalue 0.0076 against " +
            "0.19 at width 16, norms 35 and 48), and lazy gradient descent, whose function-space step eta Theta_0 does not depend on alpha, converges along the " +
            "smallest eigendirection at a rate eta lambda_min; the width-8 runs at alpha sqrt(m) >= 21.5 and its frozen-NTK run end at 3000 steps with the loss " +
            "at 3-6% of its start (10000 steps did not suffice either). Width 16 is better conditioned but still slow at the lazy end: with max-steps 3000 two of its " +
            "five alpha sqrt(m) = 100 runs ended at 2.7% (check runs-reach-stop failed), so the quick preset's max-steps is 8000 (was 3000; only runs that have not " +
            "converged use the extra steps, all at width 16). Quick preset 33.5 s of user CPU (18 s before)", "2026-12-01"),
        new("quick preset raised from 1 seed x 512 test points to 3 seeds x 4096 test points",
            "with 1 seed and 512 test points the binomial noise of one point (about 1.3%) was as large as both spreads of the collapse claim; " +
            "the threshold was not changed", "2026-11-22"),
        new("every run trains to the stop criterion: the step is step-size * min(step-cap, alpha sqrt(m)) with step-cap 10 (was 1) and max-steps 3000 " +
            "(full: 20000; since raised to 8000 and 40000, see below), and a check fails when a grid run ends above stop-ratio times its initial loss; quick preset 5 seeds (was 3)",
            "with eta capped at step-size the runs with alpha sqrt(m) >= 4.6 stopped at 300 steps with the loss at 13-40% of its start, so their test error and " +
            "NTK change were those of unfinished training (issue 11); 5 seeds so that comparisons can decide", "2026-12-01"),
        new("the NTK claim tests the seed's law ||Delta Theta|| ~ (alpha sqrt(m))^(-a), a < 2 (exponent fitted per replicate for alpha sqrt(m) >= 1, claimed in (0, 2)) " +
            "instead of a Spearman correlation < -0.8 over the whole grid",
            "the Spearman statistic had the same rank pattern in every replicate (no spread: inconclusive by construction) and did not test the seed's exponent; " +
            "decided after the earlier report showed a seed-mean slope of -1.65", "2026-12-01"),
        new("output fluctuations delta F measured over 4 initialisations per width (both presets; full first declared with 8) on the same data at alpha sqrt(m) = 10 " +
            "(lazy side), widths 16, 64, 256 (full: 32 to 512)",
            "Geiger et al. average over 20 initialisations and widths of hundreds to thousands; 4 keep the quick preset within budget"),
        new("a fixed-step control (eta = step-size * scale-min at every alpha sqrt(m) <= feature-regime-max, stopped once the loss has halved) tests t_L/2 ~ alpha sqrt(m) " +
            "without the grid's step proportional to alpha sqrt(m)",
            "with eta ~ alpha sqrt(m) a constant number of steps to halve the loss gives the law by construction (issue 11)", "2026-12-01"),
        new("frozen-NTK baseline (Fig. 3b's black line): gradient descent of the model linearised at the grid's initial weights, on the same soft-hinge loss " +
            "with the grid's lazy-limit step (step-size * step-cap) and stop rule (2% of the initial loss, full: 1%; first declared 0.1%), run in function space with the " +
            "training-set kernel Theta_0 (128 points, full: 512) and evaluated on the whole test set by one Jacobian-vector product; one per width and replicate " +
            "on that width's initial weights, instead of Geiger et al.'s frozen-kernel dynamics averaged over initialisations at large width",
            "it is the exact alpha sqrt(m) -> infinity limit of the grid's own training (alpha cancels), so the comparison with the largest alpha sqrt(m) " +
            "is paired (same data, weights, test points) and differs only by the kernel's motion; the claim and its tolerance 0.01 were written before the run"),
        new("full preset: 512 training points, stop at 1% of the initial loss, at most 10000 steps, 4 initialisations for delta F (first declared: 1024, 0.1%, 20000, 8)",
            "issue 17: the declared scale was about 5 hours on 2 cores; measured at width 32 (one seed): the runs at α√m >= 100 and the frozen-NTK run stop at the step " +
            "limit (20000) at 0.1% and at 1%, so their cost is the limit's, and a width-512 step costs about 40 ms in float64; decided before any full run's verdicts", "2026-12-01"),
        new("full preset max-steps 40000 (was 10000; step, stop criterion and everything else unchanged)",
            "max-steps is a cap, not the criterion: every run must end at the stop criterion (issue 11). In the lazy limit gradient descent moves F by " +
            "(eta / n) Theta_0 (y * s) whatever alpha is, so the steps to 1% of the initial loss are set by the training-set kernel's conditioning, not by " +
            "alpha sqrt(m). Measured with 40000 steps (one seed per cell of the grid, five for the frozen-NTK runs, before any full run): the frozen-NTK " +
            "descent needs 5314-17018 steps at width 32 (lambda_min / lambda_max of Theta_0 on 512 points 2.9e-6 to 6.5e-6), 2996-8834 at 64, 2056-4668 " +
            "at 128, 1541-3061 at 256, 1796-3079 at 512, and the grid runs approach it as alpha sqrt(m) grows (from below, or at most 1.3% above) (width 32, seed 1: 1562, 6768, " +
            "15080, 17226, 17198 steps at alpha sqrt(m) = 10, 31.6, 100, 316, 1000; frozen 17018), so with 10000 the width-32 runs at alpha sqrt(m) >= 100 " +
            "and its frozen-NTK run stopped at the cap. 40000 is over twice the worst measured count; only the narrow, cheap runs (0.3 ms a step at width 32) " +
            "use the extra steps. A step from the kernel instead (eta = 1 / L or 2 / L with L = beta lambda_max / (4n), measured 0.44-1.96 against the " +
            "present 1) would not remove the conditioning. Decided before the full preset was run, after seeing these short runs and the quick preset", "2026-12-01"),
    ];

    public override LazyVsFeatureConfig Quick => new()
    {
        Seeds = 5, Widths = [16, 64, 256], TestSize = 4096, StepCap = 10, MaxSteps = 8000, FixedStepControl = true, FluctuationInits = 4, FrozenNtkBaseline = true,
    };

    /// <summary>
    /// Widths 32..512 (16x), α√m over [1e-3, 1e3], 5 seeds. Cut by issue 17 (2026-12-01, before a full run) from 1024 training points,
    /// stop-ratio 1e-3, max-steps 20000 and 8 fluctuation inits (about 5 hours on 2 cores) to 512 points, 1e-2 and 4; max-steps 40000
    /// so that the width-32 lazy runs (up to about 17000 steps: the kernel's conditioning) reach the stop criterion (estimate: about
    /// 5,600 CPU-seconds, 50 minutes on 2 cores); float64 kept (the NTK change at α√m = 1e3 is far below float32's resolution).
    /// </summary>
    public override LazyVsFeatureConfig Full => new()
    {
        Seeds = 5, Widths = [32, 64, 128, 256, 512], ScaleMin = 1e-3, ScaleMax = 1e3, ScaleCount = 13, TrainSize = 512, TestSize = 4096,
        ProbeSize = 64, MaxSteps = 40000, StopRatio = 1e-2, FeatureRegimeMax = 0.1, StepCap = 10, FixedStepControl = true, FluctuationInits = 4,
        FrozenNtkBaseline = true,
    };

    public override void Validate(LazyVsFeatureConfig c)
    {
        if (c.ScaleMax < c.ScaleMin)
            throw new BadInputException($"need scale-min <= scale-max, got {c.ScaleMin} and {c.ScaleMax}");
        if (c.ProbeSize > c.TrainSize)
            throw new BadInputException($"need probe-size <= train-size, got {c.ProbeSize} and {c.TrainSize}");
        if (c.StopRatio is 0 or 1)
            throw new BadInputException($"bad value '{c.StopRatio}' for key 'stop-ratio': expected a number in (0, 1)");
        ClassificationTask.Validate(c.Data);
    }

    /// <summary>
    /// The three-hidden-layer net on the whole training and test set, and the (probe, parameters) Jacobian of the NTK (frozen-NTK runs:
    /// the (training set, parameters) Jacobian and one chunk of it in flight).
    /// </summary>
    public override long MemoryEstimate(LazyVsFeatureRun r) =>
        Common.MemoryEstimate.Mlp(r.InputDim, r.Width, 3, 1, r.TrainSize + r.TestSize, 8)
        + 8L * (r.FrozenNtk ? r.TrainSize + 2 * JacobianChunk : 2 * r.ProbeSize) * (r.InputDim * r.Width + 2L * r.Width * r.Width + r.Width);

    public override IEnumerable<LazyVsFeatureRun> Grid(LazyVsFeatureConfig c)
    {
        var scales = Grids.LogSpace(c.ScaleMin, c.ScaleMax, c.ScaleCount).ToList();
        var grid = from m in c.Widths from s in scales select new LazyVsFeatureRun(c) { Width = m, Scale = s };
        var control = c.FixedStepControl
            ? from m in c.Widths from s in scales where s <= c.FeatureRegimeMax select new LazyVsFeatureRun(c) { Width = m, Scale = s, FixedStep = c.StepSize * c.ScaleMin }
            : [];
        var fluctuation = c.FluctuationInits > 1
            ? c.Widths.Select(m => new LazyVsFeatureRun(c) { Width = m, Scale = c.FluctuationScale, Inits = c.FluctuationInits })
            : [];
        var frozen = c.FrozenNtkBaseline ? c.Widths.Select(m => new LazyVsFeatureRun(c) { Width = m, FrozenNtk = true }) : [];
        return grid.Concat(control).Concat(fluctuation).Concat(frozen);
    }

    public override void Run(RunContext<LazyVsFeatureRun> ctx)
    {
        var c = ctx.Config;
        var (train, test) = BinaryTask.Load(ctx, c);
        if (c.IsFluctuation)
        {
            RunFluctuation(ctx, train, test);
            return;
        }

        if (c.FrozenNtk)
        {
            RunFrozenNtk(ctx, train, test);
            return;
        }

        var net = new GeigerNet(train.X.Shape[1], c.Width, c.Beta, c.Gain, ctx.Shared($"weights/{c.Width}", "weights"));
        var probe = train.X.SliceRows(0, c.ProbeSize);

        // The kernel at initialisation by both methods; their disagreement is a check.
        var theta0 = EmpiricalNtk.ByJacobian(net, probe);
        ctx.Log(0, NtkAgreement, theta0.MaxRelativeDifference(EmpiricalNtk.ByVectorProducts(net, probe)));
        ctx.Log(0, NtkMinEigenvalue, theta0.MinEigenvalue());
        ctx.Log(0, NtkNorm, theta0.FrobeniusNorm);

        var (f0Train, f0Test) = Outputs(net, train, test);
        var (last, tHalf) = Train(net, train, f0Train, c, ctx, (step, value) => ctx.Log(step, LazyVsFeatureMetrics.Loss, value));

        ctx.Log(last, THalf, tHalf);
        ctx.Log(last, Time, last * c.Eta);
        ctx.Log(last, TrainError, Error(net, train.X, f0Train, train.Y, c.Alpha));
        ctx.Log(last, TestError, Error(net, test.X, f0Test, test.Y, c.Alpha));
        var theta = EmpiricalNtk.ByJacobian(net, probe);
        ctx.Log(last, NtkChange, theta.RelativeChangeFrom(theta0));
        ctx.Log(last, NtkMinEigenvalue, theta.MinEigenvalue());
        ctx.Log(last, NtkNorm, theta.FrobeniusNorm);
    }

    /// <summary>
    /// The output-fluctuation run: <see cref="LazyVsFeatureRun.Inits"/> nets of independent initial weights trained on the
    /// replicate's data to the stop criterion; logs their mean loss curve's end, the largest final / initial loss and
    /// delta F = sqrt(mean over test points of the variance over inits of F(x)).
    /// </summary>
    private static void RunFluctuation(RunContext<LazyVsFeatureRun> ctx, BinaryTask.Split train, BinaryTask.Split test)
    {
        var c = ctx.Config;
        int n = test.X.Shape[0];
        var outputs = new double[c.Inits][];
        double worst = 0, errors = 0;
        int steps = 0;
        for (int k = 0; k < c.Inits; k++)
        {
            var net = new GeigerNet(train.X.Shape[1], c.Width, c.Beta, c.Gain, ctx.Shared($"weights/{c.Width}/init{k}", "weights"));
            var (f0Train, f0Test) = Outputs(net, train, test);
            double initial = double.NaN, final = double.NaN;
            var (last, _) = Train(net, train, f0Train, c, ctx, (step, value) =>
            {
                if (step == 0) initial = value;
                final = value;
                if (k == 0) ctx.Log(step, LazyVsFeatureMetrics.Loss, value);
            });
            steps = Math.Max(steps, last);
            worst = Math.Max(worst, double.IsFinite(final) ? final / initial : double.PositiveInfinity);
            using (Autograd.NoGrad())
            using (TensorScope.Begin())
                outputs[k] = ((net.Forward(test.X) - f0Test) * c.Alpha).ToDoubleArray();
            errors += Error(net, test.X, f0Test, test.Y, c.Alpha);
        }

        ctx.Log(steps, OutputFluctuation, OutputFluctuationOf(outputs));
        ctx.Log(steps, FluctuationLossRatio, worst);
        ctx.Log(steps, TestError, errors / c.Inits);
    }

    /// <summary>sqrt(mean over points x of the variance over rows k of F_k(x)) (unbiased variance, k - 1); rows of equal length.</summary>
    public static double OutputFluctuationOf(IReadOnlyList<double[]> outputs)
    {
        int inits = outputs.Count, n = outputs[0].Length;
        double sum = 0;
        for (int x = 0; x < n; x++)
        {
            double mean = 0, ss = 0;
            for (int k = 0; k < inits; k++) mean += outputs[k][x];
            mean /= inits;
            for (int k = 0; k < inits; k++) ss += (outputs[k][x] - mean) * (outputs[k][x] - mean);
            sum += ss / (inits - 1);
        }

        return Math.Sqrt(sum / n);
    }

    /// <summary>f(w0, x) on the training and test inputs, detached.</summary>
    private static (Tensor<double> Train, Tensor<double> Test) Outputs(GeigerNet net, BinaryTask.Split train, BinaryTask.Split test)
    {
        using (Autograd.NoGrad())
            return (net.Forward(train.X).Detach(), net.Forward(test.X).Detach());
    }

    /// <summary>
    /// Full-batch gradient descent on L = (1 / alpha^2) mean sp_beta(1 - y F), F = alpha (f - f0), until the loss is at most
    /// stop-ratio times its start, max-steps, or (control runs) the loss has halved; every step's loss goes to
    /// <paramref name="log"/>. Returns the last step and t_L/2 (GD time, linear interpolation; NaN if never). Reports its steps
    /// (of max-steps) as <paramref name="ctx"/>'s progress.
    /// </summary>
    private static (int Last, double THalf) Train(GeigerNet net, BinaryTask.Split train, Tensor<double> f0Train, LazyVsFeatureRun c,
        RunContext ctx, Action<int, double> log)
    {
        double alpha = c.Alpha, eta = c.Eta;
        double initial = double.NaN, previous = double.NaN, tHalf = double.NaN;
        var loop = new TrainingLoop<double>(new Sgd<double>(net.Parameters(), eta))
        {
            ReportTo = ctx,
            // L = sp_beta(1 - y F) / alpha^2 with F = alpha (f - f0), full batch
            Loss = _ => Nn.Loss.SoftHinge((net.Forward(train.X) - f0Train) * alpha, train.Y, c.HingeBeta) * (1 / (alpha * alpha)),
            // a non-finite loss, logged, marks the run diverged and ends it
            Diverged = (_, step, value) => log(step, value),
            StopWhen = (step, losses) =>
            {
                double value = losses[0];
                log(step, value);
                if (step == 0) initial = value;
                else if (double.IsNaN(tHalf) && value <= initial / 2)
                    tHalf = eta * (step - 1 + (previous - initial / 2) / (previous - value));   // linear interpolation in time
                previous = value;
                return step == c.MaxSteps || value <= c.StopRatio * initial || (c.IsControl && !double.IsNaN(tHalf));
            },
        };
        return (loop.Run(0, c.MaxSteps, ctx.Cancellation) ?? c.MaxSteps, tHalf);
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

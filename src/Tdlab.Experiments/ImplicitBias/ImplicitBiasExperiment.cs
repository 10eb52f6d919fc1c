using Tdlab.Lab;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Nn;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Experiments.ImplicitBias;

/// <summary>
/// Gradient descent on separable data is implicitly biased towards the max-margin direction (seed 002; Soudry,
/// Hoffer &amp; Srebro 2018; Telgarsky 2021 Thm 15.1): from w = 0 on the exponential or logistic loss, the normalised
/// margin gamma(w_t) = min_i y_i &lt;w_t, x_i&gt; / ||w_t|| climbs to the hard-margin SVM's gamma* with a gap of order
/// 1/ln t, and w_t / ||w_t|| turns to w*. For a 2-homogeneous ReLU net the normalised margin min_i y_i f(x_i) / ||theta||^2
/// increases once the data are fitted (Lyu &amp; Li 2019). All in float64.
/// </summary>
public sealed partial class ImplicitBiasExperiment : Experiment<ImplicitBiasConfig, ImplicitBiasRun>
{
    public override string Name => "implicit-bias";

    public override string Title => "Implicit bias of gradient descent: the normalised margin climbs to the max margin";

    public override string SeedReference => "seed 002 (implicit bias: Soudry et al. 2018; Telgarsky 2021 Thm 15.1; Lyu & Li 2019)";

    public override MetricSet Metrics => ImplicitBiasMetrics.All;

    /// <summary>Five data sets (seeds) per dimension: each replicate is its own separable data set, the net its own init.</summary>
    public override ImplicitBiasConfig Quick => new() { Seeds = 5 };

    public override ImplicitBiasConfig Full => new()
    {
        Seeds = 5, Dims = [2, 10, 50], Points = 400, Steps = 3_000_000, NetSteps = 200_000, NetWidth = 100,
    };

    public override void Validate(ImplicitBiasConfig c)
    {
        if (c.NetWidth > 0 && c.NetSteps < 10)
            throw new BadInputException($"net-steps must be at least 10 when the net runs (net-width > 0), got {c.NetSteps}");
    }

    /// <summary>
    /// The linear runs (d x loss; width and init scale 0, max learning rate the constant step), then the net on the 2-D data
    /// per loss, with the net's steps and step sizes in the shared keys (as the run records have always held them).
    /// </summary>
    public override IEnumerable<ImplicitBiasRun> Grid(ImplicitBiasConfig c)
    {
        var linear = from d in c.Dims
                     from loss in c.Losses
                     select new ImplicitBiasRun(c)
                     {
                         Model = ImplicitBiasModel.Linear, Loss = loss, Dim = d, Width = 0, MaxLearningRate = c.LearningRate, InitScale = 0,
                     };
        var nets = c.NetWidth == 0 ? [] :
            from loss in c.Losses
            select new ImplicitBiasRun(c)
            {
                Model = ImplicitBiasModel.ReluNet, Loss = loss, Dim = 2, Steps = c.NetSteps, LearningRate = c.NetLearningRate,
                Width = c.NetWidth, MaxLearningRate = c.NetMaxLearningRate, InitScale = c.NetInitScale,
            };
        return linear.Concat(nets);
    }

    public override void Run(RunContext<ImplicitBiasRun> ctx)
    {
        var data = SeparableData.Generate(ctx.Shared(DataPath(ctx.Config), DataStream), ctx.Config.Dim, ctx.Config.Points, ctx.Config.Gap);
        if (ctx.Config.IsLinear) TrainLinear(ctx, data);
        else TrainNet(ctx, data);
    }

    private const string DataStream = "separable";

    /// <summary>The shared stream's path of the replicate's data: every run with the same (dim, points, gap) sees the same points.</summary>
    private static string DataPath(ImplicitBiasRun c) => $"data/{c.Dim}/{c.Points}/{c.Gap:R}";

    /// <summary>
    /// The replicate's data regenerated for figures, from the stream <see cref="RunContext.Shared"/> gave the run.
    /// </summary>
    internal SeparableData DataOf(ImplicitBiasRun c, int replicate) =>
        SeparableData.Generate(RunContext.SharedStream(Name, DataPath(c), replicate, DataStream), c.Dim, c.Points, c.Gap);

    /// <summary>Steps 1..T, about <paramref name="perDecade"/> per decade, log-spaced and distinct, T included.</summary>
    public static int[] Checkpoints(int steps, int perDecade)
    {
        int count = (int)Math.Ceiling(Math.Log10(steps) * perDecade);
        return Enumerable.Range(0, count + 1).Select(k => (int)Math.Round(Math.Pow(steps, (double)k / count)))
            .Append(steps).Where(t => t >= 1 && t <= steps).Distinct().Order().ToArray();
    }

    /// <summary>
    /// GD on the mean loss L(w) = (1/n) sum_i ell(y_i &lt;w, z_i&gt;) from w = 0 with a constant step eta:
    /// w &lt;- w - eta (1/n) sum_i ell'(m_i) y_i z_i. Plain loops: O(n D) per step.
    /// </summary>
    private static void TrainLinear(RunContext<ImplicitBiasRun> ctx, SeparableData data)
    {
        var c = ctx.Config;
        int n = data.Count, dim = data.FeatureDim;
        var svm = MaxMargin.Solve(data.Features, data.Labels, dim);
        ctx.Log(0, ImplicitBiasMetrics.MaxMargin, svm.Margin);
        ctx.Log(0, ImplicitBiasMetrics.KktResidual, svm.KktResidual);
        ctx.Log(0, ImplicitBiasMetrics.SupportVectors, svm.Support.Length);
        if (c.Dim == 2)
            for (int k = 0; k < dim; k++) ctx.Log(0, ImplicitBiasMetrics.MaxMarginDirection.At(k), svm.Direction[k]);

        // z_i = y_i x_i, so margins m_i = <w, z_i>.
        var z = new double[n * dim];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < dim; k++) z[i * dim + k] = data.Labels[i] * data.Features[i * dim + k];
        bool exponential = c.Loss == MarginLoss.Exponential;
        var w = new double[dim];
        var g = new double[dim];
        var m = new double[n];
        var checkpoints = new HashSet<int>(Checkpoints(c.Steps, c.CheckpointsPerDecade));
        for (int t = 1; t <= c.Steps; t++)
        {
            Array.Clear(g);
            for (int i = 0; i < n; i++)
            {
                var zi = z.AsSpan(i * dim, dim);
                m[i] = Margins.Dot(zi, w);
                // ell'(m): -e^{-m} (exponential), -1 / (1 + e^{m}) (logistic).
                double d = exponential ? -Math.Exp(-m[i]) : -1 / (1 + Math.Exp(m[i]));
                for (int k = 0; k < dim; k++) g[k] += d * zi[k];
            }

            for (int k = 0; k < dim; k++) w[k] -= c.LearningRate * g[k] / n;
            if (!checkpoints.Contains(t)) continue;
            ctx.ThrowIfCancelled();
            LogLinear(ctx, t, w, data, svm, exponential);
        }
    }

    private static void LogLinear(RunContext ctx, int t, double[] w, SeparableData data, MaxMarginSolution svm, bool exponential)
    {
        var margins = Margins.Linear(w, data.Features, data.Labels);
        double loss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double mi = data.Labels[i] * Margins.Dot(w, data.Features.AsSpan(i * data.FeatureDim, data.FeatureDim));
            loss += exponential ? Math.Exp(-mi) : Math.Log(1 + Math.Exp(-mi));
        }

        ctx.Log(t, ImplicitBiasMetrics.Loss, loss / data.Count);
        ctx.Log(t, ImplicitBiasMetrics.Margin, margins.Normalized);
        ctx.Log(t, ImplicitBiasMetrics.SmoothMargin, margins.Smooth);
        ctx.Log(t, ImplicitBiasMetrics.Gap, svm.Margin - margins.Normalized);
        ctx.Log(t, ImplicitBiasMetrics.Angle, Margins.Angle(w, svm.Direction));
        ctx.Log(t, ImplicitBiasMetrics.Norm, Math.Sqrt(Margins.Dot(w, w)));
        if (data.Dim == 2)
            for (int k = 0; k < w.Length; k++) ctx.Log(t, ImplicitBiasMetrics.Weight.At(k), w[k]);
    }

    /// <summary>
    /// GD on the mean loss of the homogeneous net with the loss-scaled step eta_t = min(eta / L(theta_t), eta_max);
    /// the normalised margin uses degree L = 2.
    /// </summary>
    private static void TrainNet(RunContext<ImplicitBiasRun> ctx, SeparableData data)
    {
        var c = ctx.Config;
        var net = new HomogeneousReluNet(data.FeatureDim, c.Width, c.InitScale, ctx.Shared("net", "init"));
        var parameters = net.Parameters().ToList();
        var x = Tensor.From(data.Features, data.Count, data.FeatureDim);
        var y = Tensor.From(data.Labels, data.Count, 1);
        var checkpoints = new HashSet<int>(Checkpoints(c.Steps, c.CheckpointsPerDecade)) { 0 };
        Func<Tensor<double>, Tensor<double>, Tensor<double>> lossOf = c.Loss == MarginLoss.Exponential ? Loss.Exponential : Loss.Logistic;
        for (int t = 0; t <= c.Steps; t++)
        {
            using var scope = TensorScope.Begin();
            using var rec = Autograd.EnableGrad();
            var f = net.Forward(x);
            var loss = lossOf(f, y);
            double value = loss.ItemDouble();
            double eta = Math.Min(c.LearningRate / value, c.MaxLearningRate);
            if (checkpoints.Contains(t))
            {
                ctx.ThrowIfCancelled();
                var margins = Margins.Of(f.ToDoubleArray(), data.Labels, net.ParameterNorm(), 2);
                ctx.Log(t, ImplicitBiasMetrics.Loss, value);
                ctx.Log(t, ImplicitBiasMetrics.Margin, margins.Normalized);
                ctx.Log(t, ImplicitBiasMetrics.SmoothMargin, margins.Smooth);
                ctx.Log(t, ImplicitBiasMetrics.MinMargin, margins.MinMargin);
                ctx.Log(t, ImplicitBiasMetrics.LearningRate, eta);
                if (!double.IsFinite(value)) return;
            }

            if (t == c.Steps) break;
            var grads = Autograd.Grad([loss], parameters);
            for (int p = 0; p < parameters.Count; p++) parameters[p].AddInPlace(grads[p], -eta);
        }
    }
}

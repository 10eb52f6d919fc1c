using Tdlab.Experiments.Common;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Runner;
using Tdlab.Probes;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Storage;
using static Tdlab.Experiments.LazyVsFeature.LazyVsFeatureMetrics;

namespace Tdlab.Experiments.LazyVsFeature;

/// <summary>
/// The frozen-NTK baseline of Geiger et al. (2020), Fig. 3(b): the test error of the kernel predictor with the tangent kernel
/// frozen at initialisation, the alpha sqrt(m) -&gt; infinity limit of the grid's training.
/// <para>
/// Derivation. The linearised model F_lin(w, x) = alpha grad_w f(w0, x) . (w - w0) trained by gradient descent on the grid's loss
/// L = (1 / (alpha^2 n)) sum_i sp_beta(1 - y_i F_i) with step eta moves by dw = (eta / (alpha n)) sum_i y_i s_i grad f(w0, x_i),
/// s_i = sp'_beta(1 - y_i F_i) = sigmoid(beta (1 - y_i F_i)), so its outputs obey, exactly (F_lin is linear in w),
/// F(x) &lt;- F(x) + (eta / n) sum_i Theta_0(x, x_i) y_i s_i, F = 0 at the start: alpha cancels. This is the limit of the grid's run
/// as alpha sqrt(m) -&gt; infinity (the kernel stops moving, Jacot et al. 2018; Geiger et al. 2020, Sec. 3), with the grid's
/// step in that limit, eta = step-size * step-cap, and its stop rule (loss &lt;= stop-ratio times its start, or max-steps). On the
/// test set F(x) = Theta_0(x, X) c with c = (eta / n) sum_t y * s_t accumulated over the steps; it is computed as J_x (J_X^T c) by
/// one Jacobian-vector product, never forming the test set's Jacobian. Ridge-less interpolation sign(Theta_0(x, X) Theta_0^-1 y)
/// is not the same limit for the soft hinge (its minimiser is not the interpolant of the labels), so it is not used.
/// </para>
/// </summary>
public sealed partial class LazyVsFeatureExperiment
{
    /// <summary>Training examples per Jacobian chunk (each chunk costs chunk backward passes over chunk rows).</summary>
    private const int JacobianChunk = 16;

    /// <summary>Pre-registered tolerance on |test error at the largest alpha sqrt(m) - frozen-NTK test error|, per width and replicate.</summary>
    public const double FrozenNtkTolerance = 0.01;

    /// <summary>The frozen-NTK kernel checks: the two kernel computations agree to this; lambda_min / lambda_max at least -this.</summary>
    public const double FrozenNtkCheckTolerance = 1e-8;

    private static readonly SeedStatement FrozenLimit = new("seed 002", "Feature Versus Lazy Training, Figure 3 (Geiger et al. 2020)",
        @"The black solid line is the test error of the frozen NTK at initialization, a limit that is recovered as  $\alpha\sqrt{h}\rightarrow\infty$");

    public static readonly ClaimSpec LazyEndReachesFrozenNtk = new("lazy-end-reaches-frozen-ntk",
        "at the lazy end of the grid (the largest alpha sqrt(m)) the trained net's test error is that of the frozen-NTK predictor, at every width",
        FrozenLimit,
        "|test error of the grid run at the largest alpha sqrt(m) - test error of the frozen-NTK predictor| on the same test set, same data and same " +
        "initial weights (gradient descent of the model linearised at initialisation, same loss, step and stop rule), per width and replicate; " +
        $"claimed below {FrozenNtkTolerance} at every width (intersection over widths)",
        Rule.Below(FrozenNtkTolerance));

    /// <summary>The frozen-NTK run: kernel on the training set, function-space gradient descent, test predictions by one JVP.</summary>
    private static void RunFrozenNtk(RunContext<LazyVsFeatureRun> ctx, BinaryTask.Split train, BinaryTask.Split test)
    {
        var c = ctx.Config;
        // the initial weights of the grid's runs at this width (same shared stream): a paired comparison
        var net = new GeigerNet(train.X.Shape[1], c.Width, c.Beta, c.Gain, ctx.Shared($"weights/{c.Width}", "weights"));
        int n = train.X.Shape[0];
        using var scope = TensorScope.Begin();
        using var noGrad = Autograd.NoGrad();
        var jac = ChunkedJacobian(net, train.X);
        var (theta, asymmetry) = Gram(jac);
        ctx.Log(0, FrozenNtkAsymmetry, asymmetry);
        var eigen = SymmetricEigen.Values(theta, n);
        ctx.Log(0, FrozenNtkMinEigenvalue, eigen[0] / eigen[^1]);

        // (a) the probe block of Theta_0 against the probe-batch kernel by NTK-vector products
        var probe = EmpiricalNtk.ByVectorProducts(net, train.X.SliceRows(0, c.ProbeSize));
        var block = new double[c.ProbeSize * c.ProbeSize];
        for (int i = 0; i < c.ProbeSize; i++)
            for (int j = 0; j < c.ProbeSize; j++) block[i * c.ProbeSize + j] = theta[i * n + j];
        double agreement = new NtkMatrix(block, c.ProbeSize).MaxRelativeDifference(probe);

        var y = train.Y.ToDoubleArray();
        var flow = FrozenFlow(theta, y, c.Eta, c.HingeBeta, c.StopRatio, c.MaxSteps, ctx.Cancellation, (step, value) => ctx.Log(step, LazyVsFeatureMetrics.Loss, value));

        // (b) predictions through J_x (J_X^T c): on the training set they must equal F = Theta_0 c
        var u = Tensor.FromDouble<double>(flow.Coefficients, 1, n).MatMul(jac).ToDoubleArray();   // J^T c (P)
        var fTrain = JacobianTimes(net, train.X, u);
        agreement = Math.Max(agreement, MaxRelativeDifference(fTrain, flow.Train));
        ctx.Log(0, FrozenNtkAgreement, agreement);
        var fTest = JacobianTimes(net, test.X, u);

        ctx.Log(flow.Last, THalf, flow.THalf);
        ctx.Log(flow.Last, Time, flow.Last * c.Eta);
        ctx.Log(flow.Last, TrainError, ErrorOf(flow.Train, y));
        ctx.Log(flow.Last, TestError, ErrorOf(fTest, test.Y.ToDoubleArray()));
    }

    /// <summary>Result of <see cref="FrozenFlow"/>: final training outputs F, coefficients c (F = Theta c), last step and t_L/2.</summary>
    public sealed record FrozenFlowResult(double[] Train, double[] Coefficients, int Last, double THalf);

    /// <summary>
    /// Gradient descent of the linearised model in function space: F &lt;- F + (eta / n) Theta (y * sigmoid(beta (1 - y F))), F = 0 at
    /// the start, with the grid's stop rule on L = (1 / n) sum sp_beta(1 - y F) (every step's value to <paramref name="log"/>;
    /// stop when L &lt;= stop-ratio L(0) or at max-steps). The coefficients c = (eta / n) sum_t y * s_t give F = Theta c.
    /// </summary>
    public static FrozenFlowResult FrozenFlow(double[] theta, double[] y, double eta, double beta, double stopRatio, int maxSteps,
        CancellationToken cancellation, Action<int, double> log)
    {
        int n = y.Length;
        var f = new double[n];
        var coef = new double[n];
        var g = new double[n];
        double initial = double.NaN, previous = double.NaN, tHalf = double.NaN;
        for (int step = 0; ; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                double z = beta * (1 - y[i] * f[i]);
                loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) / beta;
                g[i] = eta / n * y[i] / (1 + Math.Exp(-z));   // (eta / n) y_i sigmoid(z_i)
            }

            loss /= n;
            log(step, loss);
            if (!double.IsFinite(loss)) return new FrozenFlowResult(f, coef, step, tHalf);
            if (step == 0) initial = loss;
            else if (double.IsNaN(tHalf) && loss <= initial / 2)
                tHalf = eta * (step - 1 + (previous - initial / 2) / (previous - loss));
            previous = loss;
            if (step == maxSteps || loss <= stopRatio * initial) return new FrozenFlowResult(f, coef, step, tHalf);
            for (int i = 0; i < n; i++)
            {
                coef[i] += g[i];
                double df = 0;
                for (int j = 0; j < n; j++) df += theta[i * n + j] * g[j];
                f[i] += df;
            }
        }
    }

    /// <summary>
    /// The (n, P) Jacobian of f(w0, x) over the rows of x as one tensor (the caller's scope), filled <see cref="JacobianChunk"/> rows
    /// at a time (the rows are independent), so that memory peaks at one Jacobian and one chunk.
    /// </summary>
    private static Tensor<double> ChunkedJacobian(GeigerNet net, Tensor<double> x)
    {
        int n = x.Shape[0];
        int p = net.Parameters().Sum(t => t.Length);
        var jac = Tensor.Zeros<double>(n, p);
        for (int start = 0; start < n; start += JacobianChunk)
        {
            var part = EmpiricalNtk.Jacobian(net, x.SliceRows(start, Math.Min(JacobianChunk, n - start)));
            part.AsSpan().CopyTo(jac.Span.Slice(start * p, part.Length));
        }

        return jac;
    }

    /// <summary>Theta = J J^T (GEMM), symmetrised; and the largest |Theta_ij - Theta_ji| / max |Theta_ij| before symmetrising.</summary>
    private static (double[] Theta, double Asymmetry) Gram(Tensor<double> jac)
    {
        int n = jac.Shape[0];
        var theta = jac.MatMul(jac, transB: true).ToDoubleArray();

        double asym = 0, scale = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k <= i; k++)
            {
                asym = Math.Max(asym, Math.Abs(theta[i * n + k] - theta[k * n + i]));
                scale = Math.Max(scale, Math.Abs(theta[i * n + k]));
                theta[i * n + k] = theta[k * n + i] = (theta[i * n + k] + theta[k * n + i]) / 2;
            }

        return (theta, scale > 0 ? asym / scale : asym);
    }

    /// <summary>
    /// J_x u = d f(w0 + t u, x) / dt at t = 0 for the rows of x, by the double-VJP trick: g(c) = J_x^T c recorded for a dummy
    /// cotangent c, then J_x u = d &lt;g(c), u&gt; / dc. u is flat in <see cref="Nn.Module{T}.Parameters"/> order.
    /// </summary>
    private static double[] JacobianTimes(GeigerNet net, Tensor<double> x, double[] u)
    {
        using var scope = TensorScope.Begin();
        using var recording = Autograd.EnableGrad();
        var parameters = net.Parameters().ToList();
        int n = x.Shape[0];
        var output = net.Forward(x).Reshape(n);
        var dummy = Tensor.Zeros<double>(output.Shape);
        dummy.RequiresGrad = true;
        var g = Autograd.Grad([output], parameters, [dummy], createGraph: true);
        int offset = 0;
        var directions = parameters.Select(t =>
        {
            var d = Tensor.FromDouble<double>(u.AsSpan(offset, t.Length), t.Shape.ToArray());
            offset += t.Length;
            return d;
        }).ToList();
        return Autograd.Grad(g, [dummy], directions)[0].ToDoubleArray();
    }

    private static double MaxRelativeDifference(double[] a, double[] reference)
    {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }

        return scale > 0 ? diff / scale : diff;
    }

    /// <summary>Fraction of examples with y F &lt;= 0.</summary>
    private static double ErrorOf(double[] f, double[] y) => f.Zip(y).Count(q => !(q.First * q.Second > 0)) / (double)f.Length;

    /// <summary>
    /// Per width of one replicate's runs: |test error of the grid run at the largest alpha sqrt(m) - the frozen-NTK run's test
    /// error| (NaN where either is missing or diverged), widths in increasing order.
    /// </summary>
    internal static List<(int Width, double Gap)> FrozenNtkGaps(IReadOnlyList<RunView<LazyVsFeatureRun>> runs) =>
        FrozenNtkGaps(runs.Where(r => r.Config.FrozenNtk).Select(r => (r.Config.Width, r.Diverged ? double.NaN : r.Final(TestError))),
            Points(runs));

    /// <summary>The gaps of <see cref="FrozenNtkGaps(IReadOnlyList{RunView{LazyVsFeatureRun}})"/> from frozen-NTK test errors by width and a replicate's grid points.</summary>
    public static List<(int Width, double Gap)> FrozenNtkGaps(IEnumerable<(int Width, double TestError)> frozen, IReadOnlyList<GridPoint> points) =>
        frozen.OrderBy(q => q.Width).Select(q =>
        {
            var lazy = points.Where(p => p.Width == q.Width).OrderBy(p => p.Scale).LastOrDefault();
            return (q.Width, lazy is null ? double.NaN : Math.Abs(lazy.TestError.Mean - q.TestError));
        }).ToList();
}

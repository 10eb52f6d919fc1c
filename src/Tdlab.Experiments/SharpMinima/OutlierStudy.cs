using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Nn;
using Tdlab.Probes.Hessian;
using Tdlab.Tensors;
using static Tdlab.Experiments.SharpMinima.SharpnessMetrics;

namespace Tdlab.Experiments.SharpMinima;

/// <summary>
/// The Hessian spectrum's bulk and outliers against the number of classes (Sagun, Bottou and LeCun 2016; Sagun et al. 2017;
/// Papyan 2019): the examples of the first C classes in the fixed subset, a tanh MLP with C outputs, SGD to the target loss,
/// and at the start and at the solution the number of outliers by the rule fixed in advance (<see cref="Count"/>).
/// </summary>
internal static class OutlierStudy
{
    /// <summary>The fraction of the SLQ density's mass below the bulk edge.</summary>
    public const double BulkQuantile = 0.99;

    public static void Run(RunContext<SharpnessRun> ctx)
    {
        var c = ctx.Config;
        var all = FixedSubset.Load(ctx, c.Data, c.Examples, c.Pool, c.SyntheticDim);
        var (x, labels) = FirstClasses(all, c.Classes);
        var model = Mlp.Build<double>(all.Dim, Enumerable.Repeat(c.Width, c.Depth).ToArray(), c.Classes, ctx.Shared($"outliers/{c.Classes}", "init"), Activation.Tanh);
        Measure(ctx, 0, model, x, labels);
        int batch = Math.Min(c.OutlierBatch, labels.Length);
        var (step, reached) = c.Precision == Precision.Float32
            ? SharpnessExperiment.TrainInFloat32(ctx, model, x, labels, batch)
            : SharpnessExperiment.TrainToTarget(ctx, model, x, labels, batch);
        ctx.Log(step, Reached, reached ? 1 : 0);
        Measure(ctx, step, model, x, labels);
    }

    /// <summary>The rows of the subset whose label is below C, in order.</summary>
    private static (Tensor<double> X, int[] Labels) FirstClasses(FixedSubset data, int classes)
    {
        var rows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] < classes).ToArray();
        return (SharpnessExperiment.Rows(data.X, rows), SharpnessExperiment.Labels(data.Labels, rows));
    }

    private static void Measure(RunContext<SharpnessRun> ctx, int step, Module<double> model, Tensor<double> x, int[] labels)
    {
        var c = ctx.Config;
        var op = new HessianOperator<double>(model, new CurvatureBatch<double>(x, f => Nn.Loss.CrossEntropy(f, labels)), BatchNormMode.Train);
        int k = Math.Min(c.OutlierTop, op.Dimension);
        var top = TopEigenpairs.Estimate(op, k, ctx.Rng.Child($"outliers/lanczos/{step}"), tolerance: 1e-6);
        var density = SpectralDensity.Estimate(op, ctx.Rng.Child($"outliers/slq/{step}"), c.SlqVectors, Math.Min(c.SlqSteps, op.Dimension));
        var (count, edge, gap) = Count(top.Values, Quantile(density, BulkQuantile));
        ctx.Log(step, Outliers, count);
        ctx.Log(step, BulkEdge, edge);
        ctx.Log(step, OutlierGap, gap);
        ctx.Log(step, OutlierTopEigenvalue, top.Top);
        ctx.Log(step, OutlierHvps, top.Products + density.Products);
    }

    /// <summary>The smallest quadrature node t with (1/V) sum_v sum_{theta_vi &lt;= t} tau_vi &gt;= q.</summary>
    internal static double Quantile(SpectralDensity density, double q)
    {
        var nodes = density.Nodes.SelectMany((n, v) => n.Select((t, i) => (t, w: density.Weights[v][i] / density.Nodes.Length))).OrderBy(p => p.t).ToList();
        double sum = 0;
        foreach (var (t, w) in nodes)
        {
            sum += w;
            if (sum >= q) return t;
        }

        return nodes[^1].t;
    }

    /// <summary>
    /// The rule, fixed before any run: of the top eigenvalues lambda_1 &gt;= ... &gt;= lambda_K, those above the bulk edge b
    /// (the SLQ density's 0.99 quantile) are candidates; with mu = (lambda_1, ..., lambda_m, b) the number of outliers is the
    /// i in 1..m maximising mu_i / mu_(i+1), the largest relative gap down to the bulk (0 when no eigenvalue exceeds b).
    /// Returns the count, b, and that largest ratio (1 when the count is 0).
    /// </summary>
    internal static (int Count, double Edge, double Gap) Count(IReadOnlyList<double> topDescending, double edge)
    {
        var above = topDescending.Where(l => l > edge).OrderDescending().ToList();
        if (above.Count == 0) return (0, edge, 1);
        double floor = Math.Max(edge, 1e-12 * above[0]);         // a bulk edge at or below 0: measure gaps against a tiny positive floor
        above.Add(floor);
        int best = 0;
        double ratio = 0;
        for (int i = 0; i + 1 < above.Count; i++)
        {
            double r = above[i] / above[i + 1];
            if (r > ratio)
            {
                ratio = r;
                best = i + 1;
            }
        }

        return (best, edge, ratio);
    }
}

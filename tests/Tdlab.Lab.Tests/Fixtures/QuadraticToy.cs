using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Tests.Fixtures;

/// <summary>Test fixture (never registered in tdlab): a learning-rate schedule for the toy.</summary>
public enum Schedule
{
    Constant,
    InverseTime,
}

/// <summary>Sweep config of the toy: learning rates x curvatures, and knobs that make runs misbehave.</summary>
public sealed record QuadraticConfig : ExperimentConfig
{
    public double[] LearningRates { get; init; } = [0.1, 0.5, 50];

    public double[] Curvatures { get; init; } = [1.0];

    public int Steps { get; init; } = 120;

    /// <summary>Std of the gradient noise; 0 makes the trajectory exact: x_k = (1 - lr a)^k x_0.</summary>
    public double Noise { get; init; }

    public Schedule Schedule { get; init; } = Schedule.Constant;

    /// <summary>A run with this learning rate logs loss = NaN at <see cref="NanStep"/>.</summary>
    public double NanLearningRate { get; init; } = -1;

    public int NanStep { get; init; } = 5;

    /// <summary>A run with this learning rate throws at step 3.</summary>
    public double FailLearningRate { get; init; } = -1;

    public bool LogArrays { get; init; }

    public string Label { get; init; } = "toy";
}

/// <summary>Resolved config of one toy run.</summary>
public sealed record QuadraticRun(double LearningRate, double Curvature, int Steps, double Noise, Schedule Schedule,
    bool NanHere, int NanStep, bool FailHere, bool LogArrays);

/// <summary>
/// Test fixture: gradient descent on f(x) = a x^2 / 2 from x_0 = 1 (+ noise), x_{k+1} = x_k - lr (a x_k + noise).
/// Without noise x_k = (1 - lr a)^k, so a run diverges (loss overflows to +Inf) when |1 - lr a| > 1.
/// </summary>
public sealed class QuadraticToy : Experiment<QuadraticConfig, QuadraticRun>
{
    public override string Name => "toy-quadratic";

    public override string Title => "Gradient descent on a 1-D quadratic (test fixture)";

    public override string SeedReference => "test fixture";

    public override MetricSet Metrics => QuadraticMetrics.All;

    public override IReadOnlyList<Deviation> Deviations { get; } = [new("A toy.", "The fixture tests the lab, not a seed.")];

    public override QuadraticConfig Quick => new() { Seeds = 2 };

    public override QuadraticConfig Full => new() { Seeds = 3, Steps = 200 };

    public override IEnumerable<QuadraticRun> Grid(QuadraticConfig c) =>
        from lr in c.LearningRates
        from a in c.Curvatures
        select new QuadraticRun(lr, a, c.Steps, c.Noise, c.Schedule, lr == c.NanLearningRate, c.NanStep,
            lr == c.FailLearningRate, c.LogArrays);

    public override void Validate(QuadraticConfig config)
    {
        if (config.Steps < 1)
            throw new BadInputException($"steps must be at least 1, got {config.Steps}");
    }

    public override void Run(RunContext<QuadraticRun> ctx)
    {
        QuadraticRun c = ctx.Config;
        double x = 1.0 + c.Noise * ctx.Rng.NextNormal();
        var trajectory = new double[c.Steps + 1];
        for (int k = 0; k <= c.Steps; k++)
        {
            trajectory[k] = x;
            if (c.FailHere && k == 3)
                throw new InvalidOperationException("the toy failed on purpose");
            ctx.Log(k, QuadraticMetrics.Loss, c.NanHere && k == c.NanStep ? double.NaN : 0.5 * c.Curvature * x * x);
            ctx.Log(k, QuadraticMetrics.X, x);
            double lr = c.Schedule == Schedule.Constant ? c.LearningRate : c.LearningRate / (1 + k);
            x -= lr * (c.Curvature * x + c.Noise * ctx.Rng.NextNormal());
        }

        if (c.LogArrays)
            ctx.LogArray("trajectory", c.Steps, trajectory, trajectory.Length);
    }

    private static readonly SeedStatement Toy = new("test fixture", "the toy", "gradient descent on a quadratic converges for lr < 2 / a");

    public static readonly ClaimSpec SmallLrConverges = new("small-lr-converges", "lr < 1 drives the loss to zero", Toy,
        "final loss of each run with lr < 1", Rule.Below(1e-6), "run");

    public static readonly ClaimSpec LargeLrDiverges = new("large-lr-diverges", "lr = 50 diverges", Toy,
        "fraction of lr >= 1 runs that diverged (Clopper-Pearson)", Rule.Above(0.5));

    public static readonly ClaimSpec Impossible = new("impossible", "a claim that cannot hold", Toy,
        "final loss of each run with lr < 1", Rule.Above(1e9), "run");

    public override IEnumerable<Claim> Claims(Results<QuadraticRun> results)
    {
        var small = results.Done.Where(r => r.Config.LearningRate < 1).Select(r => r.Final(QuadraticMetrics.Loss)).ToList();
        yield return results.Claim(SmallLrConverges, Estimate.Mean(small), $"final loss {MeanStd.Of(small)}");
        var large = results.Runs.Where(r => r.Config.LearningRate >= 1).ToList();
        int diverged = large.Count(r => r.Diverged);
        yield return results.Claim(LargeLrDiverges, Estimate.Proportion(diverged, large.Count), $"{diverged} diverged runs");
        yield return results.Claim(Impossible, Estimate.Mean(small), "by design");
    }

    public override IEnumerable<Check> Checks(Results<QuadraticRun> results)
    {
        var small = results.Done.Where(r => r.Config.LearningRate < 1 && r.Config.Noise == 0).ToList();
        double worst = small.Select(r => Math.Abs(r.Final(QuadraticMetrics.X) - Math.Pow(1 - r.Config.LearningRate * r.Config.Curvature, r.Config.Steps)))
            .DefaultIfEmpty(0).Max();
        yield return results.Check("closed-form", "without noise x_k = (1 - lr a)^k", worst, "<= 1e-12", worst <= 1e-12);
    }

    public override IEnumerable<ReportFigure> Figures(Results<QuadraticRun> results) =>
        [new ReportFigure("loss.svg", "final loss per run", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>")];
}

/// <summary>The toy's metrics.</summary>
public static class QuadraticMetrics
{
    public static readonly Metric Loss = Metric.Loss("loss", "1", "a x^2 / 2 at step k");

    public static readonly Metric X = Metric.Of("x", "1", "the iterate x_k");

    public static readonly MetricSet All = MetricSet.Of("toy-quadratic", typeof(QuadraticMetrics));
}

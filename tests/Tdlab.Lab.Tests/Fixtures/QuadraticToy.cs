using Tdlab.Lab.Claims;
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
            ctx.Log(k, "loss", c.NanHere && k == c.NanStep ? double.NaN : 0.5 * c.Curvature * x * x);
            ctx.Log(k, "x", x);
            double lr = c.Schedule == Schedule.Constant ? c.LearningRate : c.LearningRate / (1 + k);
            x -= lr * (c.Curvature * x + c.Noise * ctx.Rng.NextNormal());
        }

        if (c.LogArrays)
            ctx.LogArray("trajectory", c.Steps, trajectory, trajectory.Length);
    }

    public override IEnumerable<Claim> Claims(Results<QuadraticRun> results)
    {
        MeanStd small = results.Aggregate(r => r.LearningRate < 1, r => r.Final("loss"));
        yield return results.AtMost("small-lr-converges", "lr < 1 drives the loss to zero", small.Mean, 1e-6,
            $"final loss {small}");
        int diverged = results.Runs.Count(r => r.Diverged);
        yield return results.AtLeast("large-lr-diverges", "lr = 50 diverges", diverged, 1, $"{diverged} diverged runs");
        yield return results.AtLeast("impossible", "a claim that cannot hold", small.Mean, 1e9, "by design");
    }

    public override IEnumerable<Figure> Figures(Results<QuadraticRun> results) =>
        [new Figure("loss.svg", "final loss per run", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>")];
}

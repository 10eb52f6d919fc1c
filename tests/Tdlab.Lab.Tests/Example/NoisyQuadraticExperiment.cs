using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using static Tdlab.Lab.Tests.Example.NoisyQuadraticMetrics;

namespace Tdlab.Lab.Tests.Example;

/// <summary>
/// The Lab README's example family, compiled and run by the tests: SGD with gradient noise on a quadratic settles
/// at a noise floor that grows with the learning rate, lr sigma^2 / (2 (2 - lr a)).
/// </summary>
public sealed class NoisyQuadraticExperiment : Experiment<NoisyQuadraticConfig, NoisyQuadraticRun>
{
    public override string Name => "noisy-quadratic";

    public override string Title => "SGD's noise floor on a quadratic";

    public override string SeedReference => "seed 000 (topic 14: SGD parametrization and variants)";

    public override MetricSet Metrics => All;

    public override NoisyQuadraticConfig Quick => new() { Seeds = 5 };

    public override NoisyQuadraticConfig Full => new() { Seeds = 20, Steps = 40000 };

    public override IReadOnlyList<Deviation> Deviations { get; } =
        [new("A one-dimensional quadratic.", "The seed asks about SGD on networks; the quadratic has a closed-form noise floor.")];

    public override void Validate(NoisyQuadraticConfig c)
    {
        if (c.LearningRates.Any(lr => lr * c.Curvature >= 2))
            throw new BadInputException("every learning rate must be below 2 / curvature");
    }

    public override IEnumerable<NoisyQuadraticRun> Grid(NoisyQuadraticConfig c) =>
        c.LearningRates.Select(lr => new NoisyQuadraticRun(c) { LearningRate = lr });

    public override void Run(RunContext<NoisyQuadraticRun> ctx)
    {
        var c = ctx.Config;
        var noise = ctx.Rng.Child("noise");
        double x = 1, sum = 0;
        for (int k = 0; k <= c.Steps; k++)
        {
            double loss = c.Curvature * x * x / 2;
            if (k % 100 == 0) ctx.Log(k, Loss, loss);
            if (k > c.Steps / 2) sum += loss;
            x -= c.LearningRate * (c.Curvature * x + c.NoiseStd * noise.NextNormal());
        }

        ctx.Log(c.Steps, StationaryLoss, sum / (c.Steps - c.Steps / 2));
    }

    private static readonly SeedStatement Sgd = new("seed 000", "Things to try, 14",
        "SGD parametrization and variants, their effect on optimization, convergence");

    public static readonly ClaimSpec NoiseFloor = new("noise-floor",
        "SGD settles at the noise floor lr \u03c3\u00b2 / (2 (2 \u2212 lr a)) at every learning rate",
        Sgd, "measured / predicted stationary loss, per seed", Rule.Within(0.8, 1.25));

    public override IEnumerable<Claim> Claims(Results<NoisyQuadraticRun> results) =>
    [
        results.ClaimAll(NoiseFloor, results.By(r => r.LearningRate)
            .Select(g => ($"lr {g.Key}", Estimate.Mean(g.Select(r => r.Final(StationaryLoss) / r.Config.PredictedLoss))))
            .ToList()),
    ];

    public override IEnumerable<Check> Checks(Results<NoisyQuadraticRun> results)
    {
        double worst = results.Done.Max(r => Math.Abs(r.Initial(Loss) - r.Config.Curvature / 2));
        yield return results.Check("initial-loss", "every run starts at x = 1, loss a / 2", worst, "0", worst == 0);
    }
}

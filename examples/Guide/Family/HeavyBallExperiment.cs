using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using static Tdlab.Guide.Family.HeavyBallMetrics;

namespace Tdlab.Guide.Family;

/// <summary>A family in about 50 lines: Polyak's heavy ball against tuned gradient descent on an ill-conditioned quadratic.</summary>
public sealed class HeavyBallExperiment : Experiment<HeavyBallConfig, HeavyBallRun>
{
    public override string Name => "heavy-ball";

    public override string Title => "Heavy-ball momentum on an ill-conditioned quadratic";

    public override string SeedReference => "my notes";

    public override MetricSet Metrics => All;

    public override HeavyBallConfig Quick => new() { Seeds = 5 };

    public override HeavyBallConfig Full => new() { Seeds = 20, Condition = 1e4, Steps = 5000 };

    public override IEnumerable<HeavyBallRun> Grid(HeavyBallConfig c) => c.Momentum.Select(m => new HeavyBallRun(c) { Momentum = m });

    public override void Run(RunContext<HeavyBallRun> ctx)
    {
        HeavyBallRun c = ctx.Config;
        double k = c.Condition, sk = Math.Sqrt(k);
        // Tuned step sizes: GD lr = 2 / (1 + kappa); heavy ball lr = 4 / (sqrt kappa + 1)^2, beta = ((sqrt kappa - 1) / (sqrt kappa + 1))^2
        double lr = c.Momentum ? 4 / ((sk + 1) * (sk + 1)) : 2 / (1 + k), beta = c.Momentum ? Math.Pow((sk - 1) / (sk + 1), 2) : 0;
        double[] x = [ctx.Rng.NextNormal(), ctx.Rng.NextNormal()], v = [0, 0];
        double f0 = (x[0] * x[0] + k * x[1] * x[1]) / 2;
        for (int step = 0; step <= c.Steps; step++)
        {
            if (step % 10 == 0 || step == c.Steps) ctx.Log(step, Loss, (x[0] * x[0] + k * x[1] * x[1]) / 2 / f0);
            double[] g = [x[0], k * x[1]];
            for (int i = 0; i < 2; i++) { v[i] = beta * v[i] - lr * g[i]; x[i] += v[i]; }   // x_{k+1} = x_k - lr g + beta (x_k - x_{k-1})
        }
    }

    // Written before running: the sentence it tests, the statistic per replicate, the rule.
    public static readonly ClaimSpec Faster = new("faster", "after the same number of steps, heavy-ball momentum has reduced the loss more than tuned gradient descent",
        new SeedStatement("my notes", "hypothesis 1", "momentum converges at rate (sqrt kappa - 1) / (sqrt kappa + 1), GD at (kappa - 1) / (kappa + 1)"),
        "ln(final relative loss without momentum / with momentum), per seed", Rule.Above(0));

    public override IEnumerable<Claim> Claims(Results<HeavyBallRun> results) =>
    [
        results.Claim(Faster, Estimate.Mean(results.PerReplicate(runs =>
            Math.Log(runs.Single(r => !r.Config.Momentum).Final(Loss) / runs.Single(r => r.Config.Momentum).Final(Loss))))),
    ];
}

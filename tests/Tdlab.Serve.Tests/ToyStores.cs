using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Serve.Tests;

/// <summary>Finished stores of the toy experiment for the dashboard tests.</summary>
internal static class ToyStores
{
    public static readonly IReadOnlyList<IExperiment> Experiments = [new QuadraticToy()];

    /// <summary>
    /// The toy's quick sweep (learning rates 0.1, 0.5, 50 x 2 seeds; lr = 50 diverges) with extra settings, written to
    /// <paramref name="dir"/>: claims small-lr-converges holds, large-lr-diverges is inconclusive (n = 2),
    /// impossible does not hold.
    /// </summary>
    public static RunStore Finished(string dir, params string[] overrides)
    {
        RunStore store = RunStore.Open(dir);
        var toy = new QuadraticToy();
        new SweepRunner(store, 1).Run(toy, toy.Plan("quick", overrides));
        return store;
    }
}

using System.Diagnostics;

namespace Tdlab.Cli.Bench;

/// <summary>Time-boxed micro-timing: warm-up, then the median over samples of a calibrated number of calls.</summary>
public static class Timing
{
    /// <summary>
    /// Median seconds per call of <paramref name="call"/>: warm-up for <paramref name="warmupFraction"/> of the
    /// budget and at least 0.2 s (JIT tier-up of a whole training step takes a while on a loaded machine),
    /// each sample runs enough calls to last ~10 ms, samples continue until the budget is spent (at least 5).
    /// </summary>
    public static double MedianSeconds(Action call, double budgetSeconds, double warmupFraction = 0.15)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || clock.Elapsed.TotalSeconds < Math.Max(0.2, warmupFraction * budgetSeconds))
        {
            call();
            calls++;
        }

        double perCall = clock.Elapsed.TotalSeconds / calls;
        int inner = Math.Max(1, (int)Math.Ceiling(0.01 / perCall));
        var samples = new List<double>();
        clock.Restart();
        while (samples.Count < 5 || clock.Elapsed.TotalSeconds < (1 - warmupFraction) * budgetSeconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++) call();
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / inner);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}

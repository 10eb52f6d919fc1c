namespace Tdlab.Serve;

/// <summary>
/// A metric's curve over the seeds of one configuration: at each step logged by any run, the mean of the finite
/// values, their minimum and maximum (the band) and sample standard deviation, and how many runs had a finite
/// value there (a diverged run's NaN is left out, not averaged in). Long curves are thinned to at most
/// <see cref="MaxPoints"/> steps (every k-th, plus the last), enough for a plot.
/// </summary>
public sealed record SeedBand(int[] Steps, double[] Mean, double[] Min, double[] Max, double[] Sd, int[] Count)
{
    public const int MaxPoints = 600;

    /// <summary>The band over <paramref name="runs"/>, each a (step, value) series.</summary>
    public static SeedBand Over(IEnumerable<(int Step, double Value)[]> runs)
    {
        // step -> finite values at that step, over the runs
        var byStep = new SortedDictionary<int, List<double>>();
        foreach ((int step, double value) in runs.SelectMany(r => r))
        {
            if (!byStep.TryGetValue(step, out List<double>? values))
                byStep[step] = values = [];
            if (double.IsFinite(value))
                values.Add(value);
        }

        int[] steps = Thin(byStep.Keys.ToArray());
        var band = new SeedBand(steps, new double[steps.Length], new double[steps.Length], new double[steps.Length],
            new double[steps.Length], new int[steps.Length]);
        for (int i = 0; i < steps.Length; i++)
        {
            List<double> v = byStep[steps[i]];
            int n = v.Count;
            band.Count[i] = n;
            band.Mean[i] = n == 0 ? double.NaN : v.Average();
            band.Min[i] = n == 0 ? double.NaN : v.Min();
            band.Max[i] = n == 0 ? double.NaN : v.Max();
            // s = sqrt(sum (x - mean)^2 / (n - 1)); 0 for a single run
            double mean = band.Mean[i];
            band.Sd[i] = n < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        }

        return band;
    }

    private static int[] Thin(int[] steps)
    {
        if (steps.Length <= MaxPoints)
            return steps;
        int k = (steps.Length + MaxPoints - 2) / (MaxPoints - 1);
        var kept = steps.Where((_, i) => i % k == 0).ToList();
        if (kept[^1] != steps[^1])
            kept.Add(steps[^1]);
        return kept.ToArray();
    }
}

using MathNet.Numerics.Distributions;
using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Claims;

/// <summary>
/// A point estimate with a 95% two-sided interval over <see cref="N"/> replicates, and the one-sided p-values
/// that go with it (<see cref="PValueNotAbove"/>, <see cref="PValueNotBelow"/>): for each method the interval's
/// low end exceeds t when p(not above t) &lt; 0.025 (exactly for t and Clopper-Pearson, approximately for the
/// bootstrap). An estimate from fewer than two replicates has the interval (-inf, inf) and every p-value 1.
/// </summary>
public sealed class Estimate
{
    /// <summary>Two-sided coverage of the interval.</summary>
    public const double Coverage = 0.95;

    private const double UpperQuantile = 1 - (1 - Coverage) / 2;
    private readonly IEstimateTail _tail;
    private readonly string _tag;

    private Estimate(double value, double low, double high, int n, int dropped, string method, string tag, IEstimateTail tail)
    {
        Value = value;
        Low = low;
        High = high;
        N = n;
        Dropped = dropped;
        Method = method;
        _tag = tag;
        _tail = tail;
    }

    /// <summary>Point estimate (NaN when no finite replicate).</summary>
    public double Value { get; }

    /// <summary>Low end of the 95% two-sided interval.</summary>
    public double Low { get; }

    /// <summary>High end of the 95% two-sided interval.</summary>
    public double High { get; }

    /// <summary>Replicates that entered (finite values).</summary>
    public int N { get; }

    /// <summary>Replicates given but not finite (reported, not used).</summary>
    public int Dropped { get; }

    /// <summary>How the interval was made, e.g. "t interval over 5 replicates".</summary>
    public string Method { get; }

    /// <summary>
    /// Mean of the finite replicates with the Student t interval m +- t_{n-1, 0.975} s / sqrt(n), s the sample
    /// standard deviation (Student 1908). Fewer than two finite replicates: interval (-inf, inf).
    /// </summary>
    public static Estimate Mean(IEnumerable<double> perReplicate)
    {
        MeanStd ms = MeanStd.Of(perReplicate);
        return TInterval(ms.Mean, ms.Std / Math.Sqrt(ms.Count), ms.Count, ms.Total - ms.Count,
            $"t interval over {ms.Count} replicates");
    }

    /// <summary>
    /// A mean already summarised inside one run (e.g. over 128 random nets) with its standard error:
    /// mean +- t_{n-1, 0.975} se. A non-finite mean or standard error gives a NaN estimate.
    /// </summary>
    public static Estimate FromSummary(double mean, double standardError, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (standardError < 0)
            throw new ArgumentOutOfRangeException(nameof(standardError), standardError, "a standard error is >= 0");
        bool finite = double.IsFinite(mean) && double.IsFinite(standardError);
        return TInterval(finite ? mean : double.NaN, standardError, n, 0, $"t interval from a summary of {n} replicates");
    }

    /// <summary>
    /// Percentile bootstrap over replicates (Efron &amp; Tibshirani 1993, ch. 13): resample the n replicates with
    /// replacement B times, apply <paramref name="statistic"/> to each resample and take the 2.5% and 97.5%
    /// quantiles of the finite results; Value is the statistic on the full sample. Resamples whose statistic is
    /// not finite are dropped (and said in <see cref="Method"/>). Deterministic for a seed (counter-based
    /// <see cref="Rng"/>). Each resample is a fresh list. Fewer than two replicates: interval (-inf, inf).
    /// </summary>
    public static Estimate Bootstrap<TRep>(IReadOnlyList<TRep> replicates, Func<IReadOnlyList<TRep>, double> statistic, ulong seed, int resamples = 4000)
    {
        ArgumentNullException.ThrowIfNull(replicates);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        int n = replicates.Count;
        double full = replicates.Count > 0 ? statistic(replicates) : double.NaN;
        double value = double.IsFinite(full) ? full : double.NaN;
        string method = $"percentile bootstrap over {n} replicates";
        if (n < 2 || double.IsNaN(value))
            return Unbounded(value, n, 0, method, "bootstrap");

        var rng = new Rng(seed, "bootstrap");
        var stats = new List<double>(resamples);
        for (int b = 0; b < resamples; b++)
        {
            var sample = new TRep[n];
            for (int i = 0; i < n; i++)
                sample[i] = replicates[rng.NextInt(n)];
            double s = statistic(sample);
            if (double.IsFinite(s))
                stats.Add(s);
        }

        method += stats.Count == resamples
            ? $" ({resamples} resamples)"
            : $" ({stats.Count} of {resamples} resamples finite)";
        if (stats.Count == 0)
            return Unbounded(value, n, 0, method, "bootstrap");
        double[] sorted = [.. stats];
        Array.Sort(sorted);
        var tail = new BootstrapTail(sorted);
        return new Estimate(value, tail.Quantile(1 - UpperQuantile), tail.Quantile(UpperQuantile), n, 0, method, "bootstrap", tail);
    }

    /// <summary>
    /// k successes in n trials: Value = k / n with the exact Clopper-Pearson interval (Clopper &amp; Pearson 1934),
    /// low = B(0.025; k, n - k + 1) (0 when k = 0), high = B(0.975; k + 1, n - k) (1 when k = n), B the beta
    /// quantile. No trials: NaN with interval (-inf, inf).
    /// </summary>
    public static Estimate Proportion(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        const string method = "Clopper-Pearson";
        if (trials == 0)
            return Unbounded(double.NaN, 0, 0, method, "CP");
        double a = (1 - Coverage) / 2;
        double low = successes == 0 ? 0.0 : Beta.InvCDF(successes, trials - successes + 1, a);
        double high = successes == trials ? 1.0 : Beta.InvCDF(successes + 1, trials - successes, 1 - a);
        return new Estimate((double)successes / trials, low, high, trials, 0, method, "CP", new BinomialTail(successes, trials));
    }

    /// <summary>One-sided p for H0: true value &lt;= threshold (small: evidence it is above).</summary>
    public double PValueNotAbove(double threshold) => _tail.NotAbove(threshold);

    /// <summary>One-sided p for H0: true value &gt;= threshold (small: evidence it is below).</summary>
    public double PValueNotBelow(double threshold) => _tail.NotBelow(threshold);

    /// <summary>"0.41 [0.3, 0.52] (n = 5, t)", numbers in invariant G4; dropped replicates are said.</summary>
    public string Describe()
    {
        string dropped = Dropped > 0 ? $", {Dropped} dropped" : "";
        return $"{Claim.Format(Value)} [{Claim.Format(Low)}, {Claim.Format(High)}] (n = {N}, {_tag}{dropped})";
    }

    public override string ToString() => Describe();

    private static Estimate TInterval(double mean, double standardError, int n, int dropped, string method)
    {
        if (n < 2 || double.IsNaN(mean))
            return Unbounded(mean, n, dropped, method, "t");
        int df = n - 1;
        double half = StudentT.InvCDF(0, 1, df, UpperQuantile) * standardError;
        return new Estimate(mean, mean - half, mean + half, n, dropped, method, "t", new StudentTTail(mean, standardError, df));
    }

    private static Estimate Unbounded(double value, int n, int dropped, string method, string tag) =>
        new(value, double.NegativeInfinity, double.PositiveInfinity, n, dropped, method, tag, NoInformationTail.Instance);
}

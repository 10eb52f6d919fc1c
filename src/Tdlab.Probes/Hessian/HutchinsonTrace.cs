using System.Diagnostics;
using Tdlab.Tensors.Random;

namespace Tdlab.Probes.Hessian;

/// <summary>
/// Hutchinson's trace estimator (Hutchinson 1990; as in PyHessian, Yao et al. 2020): tr(A) = E[z^T A z] for z with
/// independent Rademacher entries, variance 2 sum_{i != j} A_ij^2 per sample. Samples are drawn until the standard
/// error is at most relativeError * |mean| (and at least minSamples were drawn), or maxSamples is reached. A
/// sequential stop makes the reported standard error slightly optimistic; minSamples keeps its own error small.
/// Cost: one product per sample.
/// </summary>
public static class HutchinsonTrace
{
    public static TraceEstimate Estimate(ISymmetricOperator op, Rng rng, double relativeError = 0.01, int minSamples = 10,
        int maxSamples = 1000)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(rng);
        if (minSamples < 2) throw new ArgumentOutOfRangeException(nameof(minSamples), minSamples, "HutchinsonTrace: at least 2 samples");
        if (maxSamples < minSamples) throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "HutchinsonTrace: maxSamples < minSamples");
        ArgumentOutOfRangeException.ThrowIfNegative(relativeError);
        var clock = Stopwatch.StartNew();
        int n = op.Dimension;
        var z = new double[n];
        var az = new double[n];
        double mean = 0, m2 = 0;                      // Welford's running mean and sum of squared deviations
        int count = 0;
        bool converged = false;
        while (count < maxSamples)
        {
            Rademacher(rng, z);
            op.Apply(z, az);
            double sample = 0;
            for (int i = 0; i < n; i++) sample += z[i] * az[i];         // z^T A z
            count++;
            double delta = sample - mean;
            mean += delta / count;
            m2 += delta * (sample - mean);
            if (count >= minSamples && StandardError(m2, count) <= relativeError * Math.Abs(mean))
            {
                converged = true;
                break;
            }
        }

        return new TraceEstimate(mean, StandardError(m2, count), count, converged, count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>z_i = +-1 with probability 1/2 each.</summary>
    internal static void Rademacher(Rng rng, Span<double> z)
    {
        for (int i = 0; i < z.Length; i++) z[i] = (rng.NextUInt64() >> 63) == 0 ? 1.0 : -1.0;
    }

    private static double StandardError(double m2, int count) => count < 2 ? double.PositiveInfinity : Math.Sqrt(m2 / (count - 1) / count);
}

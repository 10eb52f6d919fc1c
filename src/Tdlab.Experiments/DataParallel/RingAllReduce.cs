namespace Tdlab.Experiments.DataParallel;

/// <summary>
/// A cost model of synchronous data-parallel SGD on N machines (a model, not a measurement). One step of global batch
/// B takes c B / N seconds of compute (c: measured seconds per example on one machine) plus a ring all-reduce of the
/// gradient, 2 (N - 1) / N x bytes / bandwidth + latency (none on one machine). Time to target at batch B is
/// S(B) x that, with S(B) the measured steps to target; each N uses its best batch size among those measured with
/// B at least N, and the speedup is time(1) / time(N).
/// </summary>
public static class RingAllReduce
{
    /// <summary>Seconds per all-reduce of <paramref name="bytes"/> over N machines in a ring.</summary>
    public static double Seconds(int machines, double bytes, double bytesPerSecond, double latencySeconds) =>
        machines <= 1 ? 0 : 2.0 * (machines - 1) / machines * bytes / bytesPerSecond + latencySeconds;

    /// <summary>Best time to target on N machines over the measured (batch, steps) points; infinity when none fits.</summary>
    public static double TimeToTarget(IReadOnlyList<(double Batch, double Steps)> curve, int machines, double secondsPerExample,
        double bytes, double bytesPerSecond, double latencySeconds)
    {
        double comm = Seconds(machines, bytes, bytesPerSecond, latencySeconds);
        return curve.Where(q => q.Batch >= machines && double.IsFinite(q.Steps))
            .Select(q => q.Steps * (secondsPerExample * q.Batch / machines + comm))
            .DefaultIfEmpty(double.PositiveInfinity).Min();
    }

    /// <summary>time(1) / time(N).</summary>
    public static double Speedup(IReadOnlyList<(double Batch, double Steps)> curve, int machines, double secondsPerExample,
        double bytes, double bytesPerSecond, double latencySeconds) =>
        TimeToTarget(curve, 1, secondsPerExample, bytes, bytesPerSecond, latencySeconds)
        / TimeToTarget(curve, machines, secondsPerExample, bytes, bytesPerSecond, latencySeconds);
}

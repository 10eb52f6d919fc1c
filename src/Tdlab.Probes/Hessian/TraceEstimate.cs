namespace Tdlab.Probes.Hessian;

/// <summary>
/// A Hutchinson estimate of tr(A): the sample mean of z^T A z over Samples Rademacher vectors, its standard error
/// (sample standard deviation / sqrt(Samples)), whether the stopping rule on the standard error was met before the
/// sample cap, the products used (one per sample) and the wall time.
/// </summary>
public sealed record TraceEstimate(double Trace, double StandardError, int Samples, bool Converged, long Products, double Seconds);

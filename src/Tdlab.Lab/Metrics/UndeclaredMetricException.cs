namespace Tdlab.Lab.Metrics;

/// <summary>A metric logged or read by a family that does not declare it.</summary>
public sealed class UndeclaredMetricException(string metric, string owner)
    : InvalidOperationException($"metric '{metric}' is not declared by {owner}");

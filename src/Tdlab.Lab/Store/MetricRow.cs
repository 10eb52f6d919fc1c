namespace Tdlab.Lab.Store;

/// <summary>One logged scalar: metric <paramref name="Name"/> at <paramref name="Step"/>.</summary>
public readonly record struct MetricRow(int Step, string Name, double Value);

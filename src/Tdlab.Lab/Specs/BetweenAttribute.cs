namespace Tdlab.Lab.Specs;

/// <summary>The setting must lie in [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
public sealed class BetweenAttribute(double min, double max) : SettingConstraintAttribute
{
    public double Min { get; } = min;

    public double Max { get; } = max;

    public override bool Admits(double value) => value >= Min && value <= Max;

    public override string Expected => $"in [{F(Min)}, {F(Max)}]";
}

namespace Tdlab.Lab.Specs;

/// <summary>The setting must be &gt;= <paramref name="min"/>.</summary>
public sealed class AtLeastAttribute(double min) : SettingConstraintAttribute
{
    public double Min { get; } = min;

    public override bool Admits(double value) => value >= Min;

    public override string Expected => $">= {F(Min)}";
}

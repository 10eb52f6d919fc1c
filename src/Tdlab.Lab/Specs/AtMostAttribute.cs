namespace Tdlab.Lab.Specs;

/// <summary>The setting must be &lt;= <paramref name="max"/> (a count that would make a plan absurd before it is built).</summary>
public sealed class AtMostAttribute(double max) : SettingConstraintAttribute
{
    public double Max { get; } = max;

    public override bool Admits(double value) => value <= Max;

    public override string Expected => $"<= {F(Max)}";
}
